// Phone intake, keyboard first: Enter moves to the next field instead of sending the form
// half-filled; Ctrl+Enter (or the button) sends it. Without this script Enter sends, as usual.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".phone-intake form");
  if (!form) return;
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.target.tagName === "BUTTON") return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (event.target.tagName === "TEXTAREA" && !event.altKey) return;
    event.preventDefault();
    const fields = [...form.querySelectorAll("input:not([type=hidden]), select, textarea, button")]
      .filter((element) => !element.disabled && element.offsetParent !== null);
    const next = fields[fields.indexOf(event.target) + 1];
    if (next) next.focus();
  });
});
