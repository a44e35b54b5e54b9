// Counts this search for the editors' report of searches that found nothing or led nowhere:
// once when the results are shown, once when a result is first opened. The page carries a
// signed token of the query (no cookie, nothing about the visitor is sent or stored).
(function () {
  "use strict";
  var box = document.querySelector("[data-search-log]");
  if (!box || !box.dataset.searchToken || !navigator.sendBeacon || !window.FormData) { return; }
  function send(event) {
    var data = new FormData();
    data.append("token", box.dataset.searchToken);
    data.append("event", event);
    navigator.sendBeacon(box.dataset.searchLog, data);
  }
  send("search");
  var opened = false;
  document.querySelectorAll(".search-hit a").forEach(function (link) {
    link.addEventListener("click", function () {
      if (!opened) {
        opened = true;
        send("open");
      }
    });
  });
})();
