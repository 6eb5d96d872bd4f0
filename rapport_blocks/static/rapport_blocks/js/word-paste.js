/*
 * Pasting a list from Word into Draftail keeps its levels, whatever the template's glyphs.
 *
 * Word puts a list on the clipboard as paragraphs, not as <ul>: each item is
 * <p class=MsoListParagraphCxSpMiddle style='mso-list:l0 level2 lfo1'> with its glyph in a
 * <![if !supportLists]> … <span style='mso-list:Ignore'>›</span> … <![endif]> part. Draft.js reads
 * those as plain paragraphs; Draftail's paste filter (draftjs-filters) then guesses a level from
 * Word's default glyphs only ("·", "o", "§"), so an organisation's own glyphs ("–", "›") come in
 * as paragraphs starting with the glyph, and every level is lost (docs/word-paste.md).
 *
 * This Draftail plugin (Wagtail's "plugins" extension point, registered as the rich text feature
 * "word-lists") turns such paragraphs into nested lists by their mso-list level before Draft.js
 * reads the HTML, and hands the result to Draftail as any paste, so its own filters (allowed
 * blocks, styles, links, the nesting limit) still apply.
 */
(() => {
  const LIST_ITEM = /mso-list:\s*(l\d+)\s+level(\d+)/i;
  const NUMBERED = /^\s*(\d+|[a-z]{1,4})[.)]/i;

  function listItem(element) {
    const match = LIST_ITEM.exec(element.getAttribute('style') || '');
    return match ? { list: match[1], level: Number(match[2]) } : null;
  }

  /* Remove Word's glyph (what lies between <![if !supportLists]> and <![endif]>, or a span with
   * mso-list:Ignore) and return its text, so a numbered list can stay numbered. */
  function takeGlyph(paragraph) {
    let glyph = '';
    const walker = paragraph.ownerDocument.createTreeWalker(paragraph, NodeFilter.SHOW_COMMENT);
    const opening = [];
    while (walker.nextNode()) {
      if (/^\[if !supportLists\]$/.test(walker.currentNode.data.trim())) {
        opening.push(walker.currentNode);
      }
    }
    opening.forEach((start) => {
      let node = start.nextSibling;
      while (node && !(node.nodeType === Node.COMMENT_NODE && /^\[endif\]$/.test(node.data.trim()))) {
        const next = node.nextSibling;
        glyph += node.textContent;
        node.remove();
        node = next;
      }
      if (node) node.remove();
      start.remove();
    });
    paragraph.querySelectorAll('[style*="mso-list"]').forEach((span) => {
      if (/mso-list:\s*ignore/i.test(span.getAttribute('style'))) {
        glyph += span.textContent;
        span.remove();
      }
    });
    return glyph;
  }

  function isBetweenItems(node) {
    return (
      node.nodeType === Node.COMMENT_NODE ||
      (node.nodeType === Node.TEXT_NODE && !node.textContent.trim())
    );
  }

  /* Consecutive list paragraphs of one list become one nested list: deeper than the item above
   * is its child, shallower returns to that level (as the Word import reads levels). */
  function nest(paragraphs) {
    const document = paragraphs[0].element.ownerDocument;
    const stack = [];
    let root = null;
    paragraphs.forEach(({ element, level }) => {
      const numbered = NUMBERED.test(takeGlyph(element));
      const li = document.createElement('li');
      while (element.firstChild) li.appendChild(element.firstChild);
      while (stack.length > 1 && level < stack[stack.length - 1].level) stack.pop();
      const top = stack[stack.length - 1];
      if (top && level < top.level) top.level = level; // shallower than the first item: the top level
      if (!top || level > top.level) {
        const list = document.createElement(numbered ? 'ol' : 'ul');
        if (top) {
          top.list.lastElementChild.appendChild(list);
        } else {
          root = list;
        }
        stack.push({ level, list });
      }
      stack[stack.length - 1].list.appendChild(li);
    });
    return root;
  }

  /* Word's clipboard HTML with its list paragraphs as nested lists, or null if it has none. */
  function nestWordLists(html) {
    if (!html || !/mso-list/i.test(html)) return null;
    const body = new DOMParser().parseFromString(html, 'text/html').body;
    const items = Array.from(body.querySelectorAll('p, h1, h2, h3, h4, h5, h6, div')).filter(listItem);
    if (!items.length) return null;
    const done = new Set();
    items.forEach((first) => {
      if (done.has(first)) return;
      const run = [];
      let node = first;
      const { list } = listItem(first);
      while (node) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          const item = listItem(node);
          if (!item || item.list !== list) break;
          run.push({ element: node, level: item.level });
          done.add(node);
        } else if (!isBetweenItems(node)) {
          break;
        }
        node = node.nextSibling;
      }
      const nested = nest(run);
      first.before(nested);
      run.forEach(({ element }) => element.remove());
    });
    return body.innerHTML;
  }

  const wordLists = {
    type: 'word-lists',

    handlePastedText(text, html, editorState, { setEditorState }) {
      const nested = nestWordLists(html);
      if (!nested || !window.DraftJS) return 'not-handled';
      const { convertFromHTML, ContentState, EditorState, Modifier } = window.DraftJS;
      const { contentBlocks, entityMap } = convertFromHTML(nested);
      if (!contentBlocks || !contentBlocks.length) return 'not-handled';
      const fragment = ContentState.createFromBlockArray(contentBlocks, entityMap).getBlockMap();
      let content = Modifier.replaceWithFragment(
        editorState.getCurrentContent(),
        editorState.getSelection(),
        fragment,
      );
      // Draft.js 0.11 keeps entities (the links) in one global store, so their keys hold as they
      // are (Wagtail's own link paste relies on it); a Draft.js with per-content entities merges.
      if (ContentState.mergeEntityMaps && content.getAllEntities) {
        content = content.setEntityMap(ContentState.mergeEntityMaps(content.getAllEntities(), entityMap));
      }
      setEditorState(EditorState.push(editorState, content, 'insert-fragment'));
      return 'handled';
    },
  };

  window.draftail.registerPlugin(wordLists, 'plugins');
  window.lagesbildNestWordLists = nestWordLists; // for the browser tests
})();
