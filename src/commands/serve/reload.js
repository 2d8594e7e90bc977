// Added to pages by `planportal serve` only (never to the built site).
// Reloads the page when the site has been rebuilt, and makes the error overlay closable.
(function () {
  "use strict";
  var script = document.currentScript;
  var served = script ? script.getAttribute("data-generation") : null;

  var close = document.querySelector("[data-planportal-close]");
  if (close) {
    close.hidden = false;
    close.addEventListener("click", function () {
      var overlay = document.getElementById("planportal-overlay");
      if (overlay) {
        overlay.hidden = true;
      }
    });
  }

  if (!window.EventSource || served === null) {
    return;
  }
  var source = new EventSource("/__planportal/events");
  source.addEventListener("build", function (event) {
    if (event.data !== served) {
      source.close();
      window.location.reload();
    }
  });
})();
