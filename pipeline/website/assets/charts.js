// Draws every chart on a page from its build-time JSON with the self-hosted plotly.js.
// Hooked to Material's document$ so charts also appear after instant navigation.
// Text from the data (titles, labels, error messages) only ever reaches the page as text: never innerHTML.
(function () {
  "use strict";

  if (window.__shCharts) return; // loaded once; instant navigation does not re-run extra_javascript
  window.__shCharts = true;

  var NARROW = window.matchMedia("(max-width: 599.98px)");
  var CONFIG = {
    responsive: true,
    displaylogo: false,
    // A small mode bar: zoom, pan, reset and "download as PNG" are enough for a report.
    modeBarButtonsToRemove: [
      "select2d",
      "lasso2d",
      "zoomIn2d",
      "zoomOut2d",
      "autoScale2d",
      "toggleSpikelines",
      "hoverClosestCartesian",
      "hoverCompareCartesian",
    ],
  };

  // The site's interface language (Material writes it to <html lang>, from the config's site.language): axis
  // dates, number separators and this script's one message follow it. English is plotly's own default.
  var LANGUAGE = (document.documentElement.lang || "en").slice(0, 2);
  var WORDS = {
    en: { failed: "This chart could not be drawn ({why}). Its data is in the table below." },
    es: {
      failed: "No se ha podido dibujar este gráfico ({why}). Sus datos están en la tabla de abajo.",
      months: "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
      shortMonths: "ene feb mar abr may jun jul ago sept oct nov dic",
      days: "domingo lunes martes miércoles jueves viernes sábado",
      shortDays: "dom lun mar mié jue vie sáb",
    },
    it: {
      failed: "Impossibile disegnare questo grafico ({why}). I dati sono nella tabella qui sotto.",
      months: "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
      shortMonths: "gen feb mar apr mag giu lug ago set ott nov dic",
      days: "domenica lunedì martedì mercoledì giovedì venerdì sabato",
      shortDays: "dom lun mar mer gio ven sab",
    },
  };
  var SAY = WORDS[LANGUAGE] || WORDS.en;

  // A plotly locale for es/it: month and day names, 1.234,5 numbers (plotly falls back to English for the rest).
  function registerLocale() {
    if (!SAY.months || typeof Plotly === "undefined") return;
    Plotly.register({
      moduleType: "locale",
      name: LANGUAGE,
      dictionary: {},
      format: {
        months: SAY.months.split(" "),
        shortMonths: SAY.shortMonths.split(" "),
        days: SAY.days.split(" "),
        shortDays: SAY.shortDays.split(" "),
        decimal: ",",
        thousands: ".",
      },
    });
    CONFIG.locale = LANGUAGE;
  }

  // The site root, resolved once against the page first loaded, as Material does: instant navigation keeps the
  // first page's #__config, whose relative base would be wrong against a later page's location.
  var SITE_BASE = (function () {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  })();

  // A Material colour variable as the browser resolves it (rgb/rgba), whatever notation the theme uses.
  function cssColour(name, fallback) {
    var probe = document.createElement("span");
    probe.style.display = "none";
    probe.style.color = "var(" + name + ", " + fallback + ")";
    document.body.appendChild(probe);
    var colour = getComputedStyle(probe).color;
    probe.remove();
    return colour || fallback;
  }

  function axisNames(layout) {
    var names = Object.keys(layout || {}).filter(function (key) {
      return /^[xy]axis\d*$/.test(key);
    });
    ["xaxis", "yaxis"].forEach(function (name) {
      if (names.indexOf(name) < 0) names.push(name);
    });
    return names;
  }

  // Colours for the current palette, as relayout attributes: transparent backgrounds, Material's text and lines.
  function themeUpdate(layout) {
    var fg = cssColour("--md-default-fg-color", "rgba(0,0,0,0.87)");
    var light = cssColour("--md-default-fg-color--light", "rgba(0,0,0,0.54)");
    var lighter = cssColour("--md-default-fg-color--lighter", "rgba(0,0,0,0.32)");
    var lightest = cssColour("--md-default-fg-color--lightest", "rgba(0,0,0,0.07)");
    var bg = cssColour("--md-default-bg-color", "#fff");
    var update = {
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      "font.color": fg,
      "hoverlabel.bgcolor": bg,
      "hoverlabel.bordercolor": lighter,
      "hoverlabel.font.color": fg,
      "modebar.bgcolor": "rgba(0,0,0,0)",
      "modebar.color": light,
      "modebar.activecolor": fg,
    };
    axisNames(layout).forEach(function (axis) {
      update[axis + ".gridcolor"] = lightest;
      update[axis + ".linecolor"] = lighter;
      update[axis + ".zerolinecolor"] = lighter;
      update[axis + ".tickcolor"] = lighter;
    });
    return update;
  }

  // The figure's own layout pieces that sizeUpdate changes, kept to restore when the screen widens again.
  var ORIGINAL = new WeakMap();

  function remember(el, layout) {
    // null, not undefined: relayout resets a null attribute to plotly's default and ignores an undefined one
    function pick(source, keys) {
      var out = {};
      keys.forEach(function (key) {
        out[key] = source && source[key] !== undefined ? source[key] : null;
      });
      return out;
    }
    ORIGINAL.set(el, {
      margin: pick(layout.margin, ["l", "r", "t", "b"]),
      legend: pick(layout.legend, ["orientation", "x", "xanchor", "y", "yanchor", "yref"]),
    });
  }

  // Below 600 px: tight margins and the legend under the plot; axes grow only as much as their labels need.
  function sizeUpdate(el, layout) {
    var narrow = NARROW.matches;
    var original = ORIGINAL.get(el) || { margin: {}, legend: {} };
    var update = { autosize: true, width: null };
    ["l", "r", "t", "b"].forEach(function (side) {
      update["margin." + side] = narrow ? (side === "t" ? 36 : 8) : original.margin[side];
    });
    // yref "container": the legend sits at the figure's foot, below the tick labels, and the margin makes room
    var below = { orientation: "h", x: 0, xanchor: "left", y: 0, yanchor: "bottom", yref: "container" };
    Object.keys(below).forEach(function (key) {
      update["legend." + key] = narrow ? below[key] : original.legend[key];
    });
    update["title.font.size"] = narrow ? 13 : null;
    axisNames(layout).forEach(function (axis) {
      update[axis + ".automargin"] = true;
    });
    return update;
  }

  // Relayout attribute strings ("font.color") applied to a plain layout object before the first draw.
  function applyTo(layout, update) {
    Object.keys(update).forEach(function (path) {
      var keys = path.split(".");
      var target = layout;
      keys.slice(0, -1).forEach(function (key) {
        if (typeof target[key] === "string") target[key] = { text: target[key] }; // title: "…" shorthand
        if (typeof target[key] !== "object" || target[key] === null) target[key] = {};
        target = target[key];
      });
      target[keys[keys.length - 1]] = update[path];
    });
    return layout;
  }

  function showError(el, message) {
    el.classList.add("sh-chart-error");
    el.textContent = SAY.failed.replace("{why}", message);
  }

  function draw(el) {
    el.dataset.shState = "loading";
    if (typeof Plotly === "undefined") {
      showError(el, "plotly.js did not load");
      el.dataset.shState = "error";
      return;
    }
    var url = new URL(el.dataset.src, SITE_BASE);
    fetch(url)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url.pathname);
        return response.json();
      })
      .then(function (figure) {
        var layout = figure.layout || {};
        remember(el, layout);
        layout = applyTo(layout, themeUpdate(layout));
        layout = applyTo(layout, sizeUpdate(el, layout));
        return Plotly.newPlot(el, figure.data || [], layout, CONFIG);
      })
      .then(function () {
        el.dataset.shState = "drawn";
      })
      .catch(function (error) {
        showError(el, error && error.message ? error.message : String(error));
        el.dataset.shState = "error";
      });
  }

  function drawn() {
    return document.querySelectorAll("div.sh-chart.js-plotly-plot");
  }

  function drawAll() {
    document.querySelectorAll("div.sh-chart[data-src]:not([data-sh-state])").forEach(draw);
  }

  // Re-theme drawn charts when the reader flips Material's light/dark palette.
  new MutationObserver(function () {
    drawn().forEach(function (el) {
      Plotly.relayout(el, themeUpdate(el.layout));
    });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  // Crossing the 600 px line (rotating a phone) changes margins and the legend's place.
  NARROW.addEventListener("change", function () {
    drawn().forEach(function (el) {
      Plotly.relayout(el, sizeUpdate(el, el.layout));
    });
  });

  // A chart drawn inside a closed <details> has no width; size it when the block opens. "toggle" does not bubble.
  document.addEventListener(
    "toggle",
    function (event) {
      var details = event.target;
      if (!details.open || !details.querySelectorAll) return;
      details.querySelectorAll("div.sh-chart.js-plotly-plot").forEach(function (el) {
        Plotly.Plots.resize(el);
      });
    },
    true
  );

  registerLocale();
  if (typeof document$ !== "undefined") {
    document$.subscribe(drawAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
