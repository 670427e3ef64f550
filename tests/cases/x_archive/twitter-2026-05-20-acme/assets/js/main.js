window.YTD = window.YTD || {};
