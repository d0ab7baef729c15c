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
