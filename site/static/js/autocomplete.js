// Search suggestions for every <input data-autocomplete="URL">: the ARIA 1.2 combobox pattern
// (input + listbox, aria-activedescendant). Up/Down move through the suggestions, Enter opens the
// chosen one (or submits the search as usual when none is chosen), Escape closes the list.
// Without JavaScript the form is a plain GET to /search/.
(() => {
  "use strict";
  const KINDS = { story: "Gương sáng", news: "Tin phong trào", movement: "Phong trào", exemplar: "Nhân vật, tập thể" };
  const DELAY = 200;
  const MIN_CHARS = 2;

  function setup(input, n) {
    const url = input.dataset.autocomplete;
    const host = input.parentElement;
    const listId = `${input.id || "q" + n}-goi-y`;
    const list = document.createElement("ul");
    list.id = listId;
    list.className = "autocomplete__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gợi ý tìm kiếm");
    list.hidden = true;
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    host.classList.add("has-autocomplete");
    host.append(list, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    let items = [];
    let active = -1;
    let timer = 0;
    let controller = null;
    let lastQuery = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(suggestions) {
      items = suggestions;
      active = -1;
      list.replaceChildren();
      suggestions.forEach((s, i) => {
        const option = document.createElement("li");
        option.id = `${listId}-${i}`;
        option.className = "autocomplete__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        const label = document.createElement("span");
        label.textContent = s.label;
        const kind = document.createElement("span");
        kind.className = "autocomplete__kind";
        kind.textContent = KINDS[s.kind] || "";
        option.append(label, kind);
        option.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the box
        option.addEventListener("click", () => go(i));
        list.append(option);
      });
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = `${suggestions.length} gợi ý, dùng phím mũi tên lên xuống để chọn.`;
      } else {
        close();
        status.textContent = "";
      }
    }

    function go(index) {
      const item = items[index];
      if (item) window.location.assign(item.url);
    }

    async function fetchSuggestions(query) {
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return render([]);
        const data = await response.json();
        if (input.value.trim() === query && document.activeElement === input) render(data.suggestions || []);
      } catch (error) {
        if (error.name !== "AbortError") render([]);
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < MIN_CHARS) {
        if (controller) controller.abort();
        lastQuery = "";
        render([]);
        return;
      }
      if (query === lastQuery) return;
      lastQuery = query;
      timer = setTimeout(() => fetchSuggestions(query), DELAY);
    });

    input.addEventListener("keydown", (event) => {
      const open = !list.hidden && items.length > 0;
      switch (event.key) {
        case "ArrowDown":
          if (!open) {
            if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); highlight(0); }
            break;
          }
          event.preventDefault();
          highlight(active + 1 >= items.length ? 0 : active + 1);
          break;
        case "ArrowUp":
          if (!open) break;
          event.preventDefault();
          highlight(active <= 0 ? items.length - 1 : active - 1);
          break;
        case "Enter":
          if (open && active >= 0) {
            event.preventDefault();
            go(active);
          }
          break;
        case "Escape":
          if (open) {
            event.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
      }
    });

    input.addEventListener("blur", () => setTimeout(close, 100));
    input.addEventListener("focus", () => {
      if (items.length && input.value.trim() === lastQuery) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    });
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(setup);
})();
