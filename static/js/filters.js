/* The list's filters on a phone: all but the search fold behind "More filters" (open when one of them is set).
   Loaded right after the form (not deferred) so the folded form is drawn from the first paint; without this script
   every filter shows. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var toggle = document.getElementById("filters-toggle");
  if (!form || !toggle) return;
  form.classList.add("is-collapsible");
  function set(open) {
    form.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  set(form.classList.contains("is-open"));
  toggle.addEventListener("click", function () { set(!form.classList.contains("is-open")); });
})();
