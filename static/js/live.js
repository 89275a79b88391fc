// Live status without reloading: the list polls a small JSON endpoint while any shown document is unfinished;
// the detail page polls its document's status and, when it finishes, swaps in the freshly rendered result.
(function () {
  "use strict";
  var INTERVAL = 1500;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  function setBadge(badge, status, label) {
    if (!badge || badge.getAttribute("data-status") === status) return;
    badge.className = "status status--" + status;
    badge.setAttribute("data-status", status);
    badge.textContent = label;
  }

  // --- list page ---------------------------------------------------------------------------
  var table = document.getElementById("documents");
  if (table) {
    var pollList = function () {
      var rows = table.querySelectorAll("tr[data-finished='0']");
      if (!rows.length) return;
      var ids = Array.prototype.map.call(rows, function (row) { return row.getAttribute("data-document-id"); });
      getJSON(table.getAttribute("data-statuses-url") + "?ids=" + ids.join(","))
        .then(function (data) {
          data.documents.forEach(function (doc) {
            var row = table.querySelector("tr[data-document-id='" + doc.id + "']");
            if (!row) return;
            setBadge(row.querySelector(".status"), doc.status, doc.status_label);
            if (doc.finished) row.setAttribute("data-finished", "1");
          });
        })
        .catch(function () { /* a missed poll is retried on the next tick */ })
        .then(function () { window.setTimeout(pollList, INTERVAL); });
    };
    window.setTimeout(pollList, INTERVAL);
  }

  // --- detail page -------------------------------------------------------------------------
  var live = document.getElementById("document-live");
  if (!live) return;

  function highlight(position, on, pinned) {
    document.querySelectorAll("[data-field]").forEach(function (el) {
      var match = el.getAttribute("data-field") === position;
      if (pinned) el.classList.toggle("is-pinned", match && on);
      else if (match) el.classList.toggle("is-active", on);
    });
  }
  // Pixel boxes are in the frame a person sees (a photo's EXIF orientation applied), which is the image's natural
  // size as the browser reports it; point boxes (PDF) keep the page size in points the server wrote.
  function fitOverlay() {
    var svg = document.getElementById("overlay");
    var image = document.getElementById("document-image");
    if (!svg || !image || svg.getAttribute("data-unit") === "point") return;
    var apply = function () {
      if (!image.naturalWidth) return;
      svg.setAttribute("viewBox", "0 0 " + image.naturalWidth + " " + image.naturalHeight);
      image.parentNode.style.aspectRatio = image.naturalWidth + " / " + image.naturalHeight;
    };
    if (image.complete) apply(); else image.addEventListener("load", apply);
  }

  function bindHighlights() {
    fitOverlay();
    document.querySelectorAll("#document-live [data-field]").forEach(function (el) {
      var position = el.getAttribute("data-field");
      el.addEventListener("mouseenter", function () { highlight(position, true); });
      el.addEventListener("mouseleave", function () { highlight(position, false); });
      el.addEventListener("focus", function () { highlight(position, true); });
      el.addEventListener("blur", function () { highlight(position, false); });
      el.addEventListener("click", function () {
        var pinnedNow = !el.classList.contains("is-pinned");
        highlight(position, pinnedNow, true);
        if (pinnedNow && el.tagName === "g") {
          var row = document.querySelector("tr[data-field='" + position + "']");
          if (row) row.scrollIntoView({ block: "nearest", behavior: "smooth" });
        }
      });
    });
  }
  bindHighlights();

  function refresh() {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var section = fresh.getElementById("document-live");
        var badge = fresh.querySelector("[data-live-badge]");
        if (section) {
          live.innerHTML = section.innerHTML;
          ["data-status", "data-finished"].forEach(function (name) {
            live.setAttribute(name, section.getAttribute(name));
          });
        }
        var here = document.querySelector("[data-live-badge]");
        if (badge && here) here.innerHTML = badge.innerHTML;
        bindHighlights();
      });
  }

  function pollDetail() {
    if (live.getAttribute("data-finished") === "1") return;
    getJSON(live.getAttribute("data-status-url"))
      .then(function (doc) {
        setBadge(document.querySelector("[data-live-badge] .status"), doc.status, doc.status_label);
        var steps = live.querySelector("[data-live-steps]");
        if (steps) steps.setAttribute("data-status", doc.status);
        if (doc.finished) return refresh();
      })
      .catch(function () { /* retried on the next tick */ })
      .then(function () {
        if (live.getAttribute("data-finished") !== "1") window.setTimeout(pollDetail, INTERVAL);
      });
  }
  window.setTimeout(pollDetail, INTERVAL);
})();
