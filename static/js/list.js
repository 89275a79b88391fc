// The document list: select all on the page, the count of selected documents, the bulk action's extra choice (the
// new kind) and a confirmation before erasing. Without JavaScript the form still works: check boxes and apply.
(function () {
  "use strict";
  var form = document.getElementById("bulk");
  if (!form) { return; }
  var boxes = form.querySelectorAll("input[name='ids']");
  var all = document.getElementById("select-all");
  var count = document.getElementById("bulk-count");
  var action = document.getElementById("bulk-action");
  var kind = document.getElementById("bulk-kind");

  function selected() { return form.querySelectorAll("input[name='ids']:checked").length; }
  function refresh() {
    var n = selected();
    count.textContent = count.getAttribute("data-template").replace("{n}", String(n));
    all.checked = n > 0 && n === boxes.length;
    all.indeterminate = n > 0 && n < boxes.length;
    kind.hidden = action.value !== "change_kind";
    count.parentNode.classList.toggle("is-empty", n === 0);
  }
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    refresh();
  });
  boxes.forEach(function (box) { box.addEventListener("change", refresh); });
  action.addEventListener("change", refresh);
  form.addEventListener("submit", function (event) {
    var option = action.options[action.selectedIndex];
    var question = option && option.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  refresh();
}());
