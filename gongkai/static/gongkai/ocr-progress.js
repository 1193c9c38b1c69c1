// OCR progress on a disclosure's page: polls the progress address every few seconds, shows pages done / total,
// and reloads the page once nothing is queued or running any more (the findings are then on the page).
(function () {
  "use strict";
  var holder = document.querySelector("[data-ocr-progress-url]");
  if (!holder || !window.fetch) { return; }
  var url = holder.getAttribute("data-ocr-progress-url");
  function update(data) {
    data.runs.forEach(function (run) {
      var label = document.querySelector('[data-ocr-run="' + run.id + '"]');
      if (label) {
        label.textContent = label.textContent.replace(/\d+\s*\/\s*\d+/, run.done + " / " + run.total);
      }
    });
    if (!data.running) { window.location.reload(); return; }
    window.setTimeout(poll, 3000);
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(update)
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 2000);
})();
