/* Folding: `foldBehind(container, toggle)` folds a container's content behind its toggle button on a narrow screen
   (the CSS decides what folds: `.is-collapsible:not(.is-open)`). Used for the header's menu here and for the list's
   filters (filters.js). Loaded right after the header (not deferred) so the folded header is drawn from the first
   paint; without this script the header wraps instead. */
window.foldBehind = function (container, toggle, options) {
  "use strict";
  if (!container || !toggle) return;
  container.classList.add("is-collapsible");
  function set(open) {
    container.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  set(container.classList.contains("is-open"));
  toggle.addEventListener("click", function () { set(!container.classList.contains("is-open")); });
  if (options && options.closeOnEscape) {
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && container.classList.contains("is-open")) { set(false); toggle.focus(); }
    });
  }
};
window.foldBehind(document.getElementById("topbar"), document.getElementById("menu-toggle"), {closeOnEscape: true});
