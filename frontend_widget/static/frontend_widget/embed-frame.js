// Tells the embedding page this page's height: a number only, to one exact, allowed origin.
(function () {
  var origin = document.documentElement.getAttribute("data-parent-origin");
  if (!origin || window.parent === window) return;
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height > 0 && height !== last) {
      last = height;
      window.parent.postMessage(height, origin);
    }
  }
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener("load", send);
  send();
})();
