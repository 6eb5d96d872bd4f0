// The FAQ page's enhancements; without them every control still works as plain HTML.
// - A link to #question opens that answer (on load, on hashchange, from the contents and results).
// - "Kopiera länk" copies the question's full address and says so; without script it is the anchor link.
// - Printing opens every answer, and closes again afterwards what was closed.

const status = document.getElementById("faq-status");

function openFromHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  const item = id && document.getElementById(id);
  const details = item && item.querySelector("details");
  if (details) {
    details.open = true;
  }
}

window.addEventListener("hashchange", openFromHash);
openFromHash();

document.addEventListener("click", async (event) => {
  const copy = event.target.closest("a[data-copy-url]");
  if (!copy || !navigator.clipboard || !copy.dataset.copyUrl) return;
  event.preventDefault();
  try {
    await navigator.clipboard.writeText(copy.dataset.copyUrl);
    if (status) {
      status.textContent = "";
      status.textContent = status.dataset.copied;
    }
  } catch {
    location.hash = copy.getAttribute("href"); // no clipboard: behave as the plain link
  }
});

let closedForPrint = [];
window.addEventListener("beforeprint", () => {
  closedForPrint = [...document.querySelectorAll(".faq details:not([open])")];
  for (const details of closedForPrint) details.open = true;
});
window.addEventListener("afterprint", () => {
  for (const details of closedForPrint) details.open = false;
  closedForPrint = [];
});
