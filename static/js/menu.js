/* The header's menu button: on a narrow screen the links and Log out fold behind it. Loaded right after the header
   (not deferred) so the folded header is drawn from the first paint; without this script the header wraps instead. */
(function () {
  "use strict";
  var bar = document.getElementById("topbar");
  var toggle = document.getElementById("menu-toggle");
  if (!bar || !toggle) return;
  bar.classList.add("is-collapsible");
  function set(open) {
    bar.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  toggle.addEventListener("click", function () { set(!bar.classList.contains("is-open")); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && bar.classList.contains("is-open")) { set(false); toggle.focus(); }
  });
})();
