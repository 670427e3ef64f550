// Draws every chart on a page from its build-time JSON with the self-hosted plotly.js.
// Hooked to Material's document$ so charts also appear after instant navigation.
(function () {
  "use strict";

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function themed(layout) {
    var style = getComputedStyle(document.body);
    var fg = style.getPropertyValue("--md-default-fg-color").trim() || "#333";
    layout.font = Object.assign({}, layout.font, { color: fg });
    layout.paper_bgcolor = "rgba(0,0,0,0)";
    layout.plot_bgcolor = "rgba(0,0,0,0)";
    return layout;
  }

  function draw(el) {
    var url = new URL(el.dataset.src, siteBase());
    fetch(url)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url);
        return response.json();
      })
      .then(function (figure) {
        Plotly.newPlot(el, figure.data, themed(figure.layout || {}), {
          responsive: true,
          displaylogo: false,
        });
      })
      .catch(function (error) {
        el.textContent = "This chart could not be loaded (" + error.message + ").";
      });
  }

  function drawAll() {
    document.querySelectorAll("div.sh-chart[data-src]").forEach(draw);
  }

  // Re-theme drawn charts when the reader flips Material's light/dark palette.
  new MutationObserver(function () {
    document.querySelectorAll("div.sh-chart.js-plotly-plot").forEach(function (el) {
      Plotly.relayout(el, themed({}));
    });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (typeof document$ !== "undefined") {
    document$.subscribe(drawAll);
  } else {
    document.addEventListener("DOMContentLoaded", drawAll);
  }
})();
