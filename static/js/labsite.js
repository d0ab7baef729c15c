// Small enhancements; every page works without them.
"use strict";

// The account menu (a <details>) closes on Escape and on a click elsewhere.
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details.user-menu[open]")) {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of document.querySelectorAll("details.user-menu[open]")) {
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  }
});

// The main navigation folds behind its menu button on a phone (the CSS decides
// when); the button shows only with script, so that without it the list wraps.
// Escape, a click elsewhere or the focus leaving closes it; Escape gives the focus back to the button.
for (const nav of document.querySelectorAll("nav.main-nav")) {
  const toggle = nav.querySelector(".main-nav__toggle");
  if (!toggle) continue;
  const setOpen = (open) => toggle.setAttribute("aria-expanded", open ? "true" : "false");
  toggle.hidden = false;
  nav.classList.add("main-nav--collapsible");
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("click", (event) => {
    if (!nav.contains(event.target)) setOpen(false);
  });
  // Tabbing past the last item closes the menu behind it.
  nav.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !nav.contains(event.relatedTarget)) setOpen(false);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true") return;
    setOpen(false);
    toggle.focus();
  });
}

// On a phone, a list's filters other than its search fold behind "More filters"
// (the CSS decides when); without script every field shows.
for (const form of document.querySelectorAll("form.filters--foldable")) {
  const toggle = form.querySelector(".filters__toggle");
  if (!toggle) continue;
  toggle.hidden = false;
  form.classList.add("filters--script");
  toggle.addEventListener("click", () => {
    const open = !form.classList.contains("filters--open");
    form.classList.toggle("filters--open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.textContent = open ? toggle.dataset.openLabel : toggle.dataset.closedLabel;
  });
}

// A form marked data-confirm asks before it is sent.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// The transfer board: a card dropped on another column fills the card's own
// move form (the one that works without script) and sends it. Going back in the
// pipeline, out of a final stage, or to abandoned asks for the reason first.
for (const board of document.querySelectorAll("[data-board]")) {
  const pipeline = board.dataset.pipeline.split(" ");
  const abandoned = pipeline[pipeline.length - 1];
  const transferred = pipeline[pipeline.length - 2];
  const needsReason = (from, to) =>
    from === transferred || from === abandoned || to === abandoned || pipeline.indexOf(to) < pipeline.indexOf(from);
  let dragged = null;

  board.addEventListener("dragstart", (event) => {
    const card = event.target.closest("[data-card][draggable='true']");
    if (!card) return;
    dragged = card;
    card.classList.add("board-card--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.card);
  });
  board.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("board-card--dragging");
    dragged = null;
    for (const column of board.querySelectorAll(".board__column--over")) column.classList.remove("board__column--over");
  });
  board.addEventListener("dragover", (event) => {
    const column = event.target.closest("[data-stage].board__column");
    if (!dragged || !column || column.dataset.stage === dragged.dataset.stage) return;
    event.preventDefault();
    column.classList.add("board__column--over");
  });
  board.addEventListener("dragleave", (event) => {
    const column = event.target.closest(".board__column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("board__column--over");
  });
  // Typing in a card's form must not start a drag (some browsers would).
  board.addEventListener("focusin", (event) => {
    const card = event.target.closest("[data-card]");
    if (card && card.querySelector("[data-move-form]") && event.target.matches("input, select")) card.draggable = false;
  });
  board.addEventListener("focusout", (event) => {
    const card = event.target.closest("[data-card]");
    if (card && card.querySelector("[data-move-form]")) card.draggable = true;
  });
  board.addEventListener("drop", (event) => {
    const column = event.target.closest("[data-stage].board__column");
    if (!dragged || !column) return;
    event.preventDefault();
    column.classList.remove("board__column--over");
    const from = dragged.dataset.stage;
    const to = column.dataset.stage;
    const form = dragged.querySelector("form[data-move-form]");
    if (!form || from === to) return;
    const reason = form.querySelector("[name='reason']");
    if (needsReason(from, to) && !reason.value.trim()) {
      const typed = window.prompt(board.dataset.reasonPrompt);
      if (typed === null || !typed.trim()) return;
      reason.value = typed.trim();
    }
    form.querySelector("[name='to']").value = to;
    form.requestSubmit();
  });
}

// The ARIA combobox pattern, written once: a text input (role=combobox) and
// its listbox. Two letters or more ask ``endpoint`` (200 ms after the last key);
// ``render`` turns the answer into the listbox's children (none: the list
// closes) and says what to announce; the arrows move among the options, Enter
// hands the highlighted one to ``choose``, Escape closes the list (then, if
// ``clear``, empties the box); a click chooses too. Returns ``close``.
const combobox = (input, list, status, { endpoint, render, choose, none, clear = false, onInput = null }) => {
  let active = -1;
  let timer = null;
  let asked = 0;

  const options = () => Array.from(list.querySelectorAll("[role='option']"));
  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    const all = options();
    if (!all.length) return;
    active = (index + all.length) % all.length;
    all.forEach((option, n) => option.setAttribute("aria-selected", n === active ? "true" : "false"));
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  };
  const show = (answer) => {
    const { children, found } = render(answer);
    if (!children.length) {
      close();
      status.textContent = none;
      return;
    }
    list.replaceChildren(...children);
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    input.removeAttribute("aria-activedescendant");
    active = -1;
    status.textContent = found;
  };
  const search = async () => {
    const query = input.value.trim();
    if (query.length < 2) return close();
    const ticket = ++asked;
    const url = new URL(endpoint, window.location.href);
    url.searchParams.set("q", query);
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok || ticket !== asked) return;
      show(await response.json());
    } catch {
      close();
    }
  };

  input.addEventListener("input", () => {
    if (onInput) onInput();
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return search();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(options()[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    } else if (event.key === "Escape" && clear && input.value) {
      event.preventDefault();
      input.value = "";
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role='option']");
    if (option) choose(option);
  });
  return close;
};

// An option of a listbox: its id, its text (and a second line), what it stands for.
const optionOf = (id, text, detail = "") => {
  const option = document.createElement(detail === null ? "li" : "div");
  option.id = id;
  option.setAttribute("role", "option");
  option.setAttribute("aria-selected", "false");
  if (detail === null) {
    option.textContent = text;
    return option;
  }
  const name = document.createElement("span");
  name.textContent = text;
  option.append(name);
  if (detail) {
    const more = document.createElement("small");
    more.textContent = detail;
    option.append(more);
  }
  return option;
};

// Search-as-you-type choices (core/suggest.py): at most twenty suggestions from
// the field's endpoint; Enter (or a click) picks one. Without script the box is
// searched when the form is sent.
for (const box of document.querySelectorAll("[data-suggest]")) {
  const input = box.querySelector("[role='combobox']");
  const list = box.querySelector("[role='listbox']");
  const status = box.querySelector("[role='status']");
  const value = box.querySelector("[data-suggest-value]");
  const chosen = box.querySelector("[data-suggest-chosen]");
  const multiple = box.hasAttribute("data-suggest-multiple");
  const pick = (option) => {
    if (multiple) {
      const already = chosen.querySelector(`input[value='${CSS.escape(option.dataset.value)}']`);
      if (already) {
        already.checked = true;
      } else {
        const item = document.createElement("li");
        const label = document.createElement("label");
        const tick = document.createElement("input");
        tick.type = "checkbox";
        tick.name = box.dataset.suggestName;
        tick.value = option.dataset.value;
        tick.checked = true;
        label.append(tick, " ", option.textContent);
        item.append(label);
        chosen.append(item);
      }
      input.value = "";
    } else {
      value.value = option.dataset.value;
      input.value = option.textContent;
    }
    close();
    status.textContent = option.textContent;
  };
  const close = combobox(input, list, status, {
    endpoint: box.dataset.suggest,
    none: box.dataset.suggestNone,
    choose: pick,
    // What was chosen no longer matches the text: the form sends the text, to be looked up.
    onInput: () => {
      if (value) value.value = "";
    },
    render: (answer) => ({
      children: answer.results.map((result, n) => {
        const option = optionOf(`${list.id}-${n}`, result.label, null);
        option.dataset.value = result.id;
        return option;
      }),
      found: box.dataset.suggestFound,
    }),
  });
}

// The header's search (labsite/search_views.py): the listbox grouped by kind,
// each kind's best few, then "all results"; Enter opens the one chosen (or,
// with none, the search page, as the form does without script); Escape closes
// the list, then clears the box.
for (const form of document.querySelectorAll("[data-site-search]")) {
  const input = form.querySelector("[role='combobox']");
  const list = form.querySelector("[role='listbox']");
  const status = form.querySelector("[role='status']");
  const linked = (option, url) => {
    option.dataset.url = url;
    return option;
  };
  combobox(input, list, status, {
    endpoint: form.dataset.siteSearch,
    none: form.dataset.suggestNone,
    clear: true,
    choose: (option) => window.location.assign(option.dataset.url),
    render: (answer) => {
      let n = 0;
      const groups = answer.groups.map((group) => {
        const box = document.createElement("div");
        box.setAttribute("role", "group");
        const label = document.createElement("div");
        label.id = `site-search-group-${group.kind}`;
        label.className = "site-search__group-label";
        label.setAttribute("role", "presentation");
        label.textContent = group.label;
        box.setAttribute("aria-labelledby", label.id);
        const results = group.results.map((r) => linked(optionOf(`site-search-${n++}`, r.title, r.detail), r.url));
        box.append(label, ...results);
        return box;
      });
      if (!groups.length) return { children: [], found: "" };
      const words = input.value.trim();
      const all = linked(optionOf("site-search-all", form.dataset.suggestAll.replace("{words}", words)), answer.all_url);
      all.classList.add("site-search__all");
      return { children: [...groups, all], found: form.dataset.suggestFound };
    },
  });
}
