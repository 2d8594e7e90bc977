// The service finder, made instant. Without this script every filter link leads to its own
// pre-built page (/services/need/…/); with it, a click shows the matching services on this
// page at once, and the address, the heading, the title and the count follow the choice, so
// the address can be shared or reloaded and the Back button undoes a choice.
(function () {
  "use strict";
  var finder = document.getElementById("finder");
  if (!finder || !window.history || !history.pushState) return;
  var links = finder.querySelectorAll("a[data-finder-link]");
  var items = document.querySelectorAll("[data-finder-item]");
  var groups = document.querySelectorAll("[data-finder-group]");
  var status = document.getElementById("finder-status");
  var heading = document.querySelector("main h1");
  var total = items.length;

  function matches(item, facet, term) {
    if (!facet) return true;
    var value = " " + (item.getAttribute("data-" + facet) || "") + " ";
    return value.indexOf(" " + term + " ") !== -1;
  }

  function show(link) {
    var facet = link.getAttribute("data-facet");
    var term = link.getAttribute("data-term");
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var ok = matches(items[i], facet, term);
      items[i].hidden = !ok;
      if (ok) shown++;
    }
    for (var g = 0; g < groups.length; g++) {
      groups[g].hidden = !groups[g].querySelector("[data-finder-item]:not([hidden])");
    }
    for (var j = 0; j < links.length; j++) {
      if (links[j] === link) links[j].setAttribute("aria-current", "page");
      else links[j].removeAttribute("aria-current");
    }
    if (heading) heading.textContent = link.getAttribute("data-heading");
    document.title = link.getAttribute("data-doc-title");
    if (status) {
      status.textContent = status
        .getAttribute("data-template")
        .replace("{n}", String(shown))
        .replace("{total}", String(total));
    }
  }

  function linkFor(path) {
    for (var i = 0; i < links.length; i++) {
      if (links[i].pathname === path) return links[i];
    }
    return null;
  }

  finder.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-finder-link]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    show(link);
    if (link.pathname !== location.pathname) history.pushState(null, "", link.href);
  });

  window.addEventListener("popstate", function () {
    var link = linkFor(location.pathname);
    if (link) show(link);
  });
})();
