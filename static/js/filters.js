/* The list's filters on a phone: all but the search fold behind "More filters" (open when one of them is set; the
   template marks it). Loaded right after the form (not deferred) so the folded form is drawn from the first paint;
   without this script every filter shows. */
window.foldBehind(document.getElementById("filters"), document.getElementById("filters-toggle"));
