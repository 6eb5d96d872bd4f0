// Admin: a report link's "Question on the FAQ page" field offers the questions of the chosen page.
// The field stays a text field (an anchor typed by hand still works); the suggestions come from
// /admin/faq/<page id>/fragor/ each time the field gets focus, so a newly chosen page is read.
(function () {
  var script = document.currentScript;
  var template = script && script.getAttribute("data-questions-url"); // ".../faq/0/fragor/"
  if (!template) return;

  function pageInputFor(anchorInput) {
    var name = anchorInput.name || "";
    if (!/-anchor$/.test(name)) return null;
    return document.querySelector('input[name="' + name.replace(/-anchor$/, "-page") + '"]');
  }

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest(".rapport-link-target__anchor")) return;
    var pageInput = pageInputFor(input);
    var pageId = pageInput && pageInput.value;
    var listId = input.id + "-questions";
    var list = document.getElementById(listId);
    if (!list) {
      list = document.createElement("datalist");
      list.id = listId;
      input.after(list);
      input.setAttribute("list", listId);
      input.setAttribute("autocomplete", "off");
    }
    list.replaceChildren();
    if (!pageId || !/^\d+$/.test(pageId)) return;
    fetch(template.replace("/0/", "/" + pageId + "/"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { questions: [] }; })
      .then(function (data) {
        data.questions.forEach(function (item) {
          var option = document.createElement("option");
          option.value = item.anchor;
          option.label = item.question;
          option.textContent = item.question;
          list.append(option);
        });
      })
      .catch(function () {});
  });
})();
