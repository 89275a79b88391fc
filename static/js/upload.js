// Drag and drop onto the upload zone; without this script the file input still works.
(function () {
  "use strict";
  var zone = document.getElementById("dropzone");
  if (!zone) return;
  var input = zone.querySelector("input[type=file]");
  var list = document.getElementById("dropzone-files");
  var form = document.getElementById("upload-form");

  function size(bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1048576) return (bytes / 1024).toFixed(0) + " KB";
    return (bytes / 1048576).toFixed(1) + " MB";
  }
  function show() {
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " · " + size(file.size);
      list.appendChild(item);
    });
    zone.classList.toggle("has-files", input.files.length > 0);
  }
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("is-dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.remove("is-dragging");
    });
  });
  zone.addEventListener("drop", function (event) {
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      show();
    }
  });
  input.addEventListener("change", show);
  form.addEventListener("submit", function (event) {
    // The server refuses more files than this in one request; say so before sending them all.
    var maxFiles = parseInt(form.dataset.maxFiles, 10);
    if (maxFiles && input.files.length > maxFiles) {
      event.preventDefault();
      var refused = document.getElementById("upload-refused") || document.createElement("div");
      refused.id = "upload-refused";
      refused.className = "message message--error";
      refused.setAttribute("role", "alert");
      refused.textContent = form.dataset.tooManyFiles;
      form.parentNode.insertBefore(refused, form);
      return;
    }
    var button = document.getElementById("upload-submit");
    button.disabled = true;
    button.classList.add("is-busy");
  });
})();
