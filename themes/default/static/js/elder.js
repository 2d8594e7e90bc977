/* Elder-friendly view (适老化): larger text, stronger contrast, bigger targets.
 *
 * Without this script the header links still work, for the page in view: "#elder" makes the
 * <html id="elder"> element the target, and the stylesheet styles `html:target`; "#top" (the
 * body) switches it off again. This script adds what CSS cannot: it remembers the choice in
 * localStorage and applies it on every page (as the class `elder` on <html>, set here in the
 * <head>, before the page is drawn), and switches without jumping to the top of the page.
 * It marks <html> with `elder-js` so that the stylesheet then follows the class alone. */
(function () {
  "use strict";
  var KEY = "planportal-elder";
  var root = document.documentElement;

  function remembered() {
    try {
      return window.localStorage.getItem(KEY) === "on";
    } catch (e) {
      return false; // storage turned off: the view still switches, for the page
    }
  }

  function remember(on) {
    try {
      if (on) {
        window.localStorage.setItem(KEY, "on");
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) {
      /* storage turned off */
    }
  }

  function show(on) {
    root.classList.toggle("elder", on);
  }

  root.classList.add("elder-js");
  // A link to a page's #elder (shared, or bookmarked) switches the view on, and keeps it on.
  if (window.location.hash === "#elder") {
    remember(true);
  }
  show(window.location.hash === "#elder" || remembered());

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[data-elder]") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    var on = link.getAttribute("data-elder") === "on";
    remember(on);
    show(on);
    if (window.location.hash === "#elder" || window.location.hash === "#top") {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    // The link just used is hidden now: keep the keyboard on its counterpart.
    var other = document.querySelector('a[data-elder="' + (on ? "off" : "on") + '"]');
    if (other) {
      other.focus();
    }
  });

  // Another tab switched the view: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      show(event.newValue === "on");
    }
  });
})();
