// Redaction boxes on page images. Boxes are placed from their page coordinates (data-x0 … on each box, the
// page's size on its canvas). On an editable page, dragging on the image fills the numeric form (which works
// without this script) and submits it; clicking a box submits its removal form.
(function () {
  "use strict";
  function place(canvas, element, x0, y0, x1, y1) {
    var width = parseFloat(canvas.getAttribute("data-width"));
    var height = parseFloat(canvas.getAttribute("data-height"));
    element.style.left = (100 * x0 / width) + "%";
    element.style.top = (100 * y0 / height) + "%";
    element.style.width = (100 * (x1 - x0) / width) + "%";
    element.style.height = (100 * (y1 - y0) / height) + "%";
  }
  function point(canvas, event) {
    var rect = canvas.getBoundingClientRect();
    var width = parseFloat(canvas.getAttribute("data-width"));
    var height = parseFloat(canvas.getAttribute("data-height"));
    var x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
    var y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
    return { x: x * width / rect.width, y: y * height / rect.height };
  }
  function submitBox(canvas, a, b) {
    var form = document.getElementById("add-box");
    if (!form) { return; }
    var values = {
      page: canvas.getAttribute("data-page"),
      x0: Math.min(a.x, b.x).toFixed(1), y0: Math.min(a.y, b.y).toFixed(1),
      x1: Math.max(a.x, b.x).toFixed(1), y1: Math.max(a.y, b.y).toFixed(1)
    };
    Object.keys(values).forEach(function (name) { form.elements[name].value = values[name]; });
    form.submit();
  }
  function editable(canvas) {
    var start = null;
    var ghost = document.createElement("div");
    ghost.className = "redaction-box redaction-box-new";
    canvas.addEventListener("pointerdown", function (event) {
      if (event.target.classList.contains("redaction-box")) { return; }
      event.preventDefault();
      start = point(canvas, event);
      canvas.appendChild(ghost);
      place(canvas, ghost, start.x, start.y, start.x, start.y);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!start) { return; }
      var now = point(canvas, event);
      place(canvas, ghost, Math.min(start.x, now.x), Math.min(start.y, now.y), Math.max(start.x, now.x), Math.max(start.y, now.y));
    });
    canvas.addEventListener("pointerup", function (event) {
      if (!start) { return; }
      var end = point(canvas, event);
      var from = start;
      start = null;
      if (Math.abs(end.x - from.x) < 2 || Math.abs(end.y - from.y) < 2) { ghost.remove(); return; }
      submitBox(canvas, from, end);
    });
    canvas.querySelectorAll(".redaction-box[data-box]").forEach(function (box) {
      box.addEventListener("click", function () {
        var form = document.getElementById("remove-box-" + box.getAttribute("data-box"));
        if (form) { form.submit(); }
      });
    });
  }
  document.querySelectorAll(".page-canvas").forEach(function (canvas) {
    canvas.querySelectorAll(".redaction-box").forEach(function (box) {
      place(canvas, box, parseFloat(box.getAttribute("data-x0")), parseFloat(box.getAttribute("data-y0")),
        parseFloat(box.getAttribute("data-x1")), parseFloat(box.getAttribute("data-y1")));
    });
    if (canvas.getAttribute("data-editable")) { editable(canvas); }
  });
})();
