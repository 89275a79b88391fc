// The upload form's batch: files chosen, dropped or photographed (several shots in a row) gather in one list, each
// with Remove, and go in one upload. Without this script both file inputs still work on their own.
(function () {
  "use strict";
  var zone = document.getElementById("dropzone");
  if (!zone) return;
  var input = zone.querySelector("input[type=file]");
  var camera = document.getElementById("camera-input");
  var list = document.getElementById("dropzone-files");
  var form = document.getElementById("upload-form");
  var canBatch = typeof DataTransfer === "function";
  var batch = [];
  var shots = 0;

  function size(bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1048576) return (bytes / 1024).toFixed(0) + " KB";
    return (bytes / 1048576).toFixed(1) + " MB";
  }

  // The batch is what the form sends: the main input carries all of it.
  function sync() {
    if (canBatch) {
      var transfer = new DataTransfer();
      batch.forEach(function (file) { transfer.items.add(file); });
      input.files = transfer.files;
    }
    show();
  }

  function show() {
    list.textContent = "";
    var files = canBatch ? batch : Array.prototype.slice.call(input.files);
    files.forEach(function (file, index) {
      var item = document.createElement("li");
      item.className = "dropzone__file";
      var name = document.createElement("span");
      name.textContent = file.name + " · " + size(file.size);
      item.appendChild(name);
      if (canBatch) {
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button button--quiet button--small";
        remove.textContent = list.dataset.removeLabel || "×";
        remove.setAttribute("aria-label", (list.dataset.removeLabel || "×") + " " + file.name);
        remove.addEventListener("click", function () { batch.splice(index, 1); sync(); });
        item.appendChild(remove);
      }
      list.appendChild(item);
    });
    zone.classList.toggle("has-files", files.length > 0);
  }

  function add(files) {
    if (!canBatch) { show(); return; }
    Array.prototype.forEach.call(files, function (file) { batch.push(file); });
    sync();
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
      if (canBatch) add(event.dataTransfer.files);
      else { input.files = event.dataTransfer.files; show(); }
    }
  });
  input.addEventListener("change", function () { add(input.files); });

  // A phone names every shot "image.jpg": number them so the list (and the documents) tell them apart.
  if (camera && canBatch) {
    camera.addEventListener("change", function () {
      Array.prototype.forEach.call(camera.files, function (file) {
        shots += 1;
        var dot = file.name.lastIndexOf(".");
        var extension = dot > 0 ? file.name.slice(dot) : ".jpg";
        batch.push(new File([file], "photo-" + shots + extension, { type: file.type, lastModified: file.lastModified }));
      });
      camera.value = "";  // sent through the batch, not a second time on its own
      sync();
    });
  }

  form.addEventListener("submit", function (event) {
    // The server refuses more files than this in one request; say so before sending them all.
    var maxFiles = parseInt(form.dataset.maxFiles, 10);
    var count = input.files.length + (camera && camera.files ? camera.files.length : 0);
    if (maxFiles && count > maxFiles) {
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
