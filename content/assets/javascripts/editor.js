// The county editor (/counties/<slug>/edit/): a county's map in a form, a valid file out.
//
// Everything it reads comes from the site: the county's file as published unchanged, the
// JSON Schema (the form is generated from it by json-editor), the vocabularies, partners and
// counties, and the words of the checks. The file is written back by editor-yaml.js, which
// changes only what the form changed. File content only ever reaches the page as text
// (textContent, form values): never as HTML.

import * as YAML from "../vendor/yaml/dist/index.js";
import { checkCounty, location, resolve, schemaAt } from "./editor-checks.js";
import { patchYaml } from "./editor-yaml.js";

const URL_LIMIT = 8000; // GitHub's pre-filled new-file address works up to about 8 KB

const root = document.getElementById("am-editor");
if (root) {
  start().catch((error) => {
    console.error(error); // the details, for whoever helps; the page says it in plain words
    status("The form could not start. Reload the page; if it still does not start, edit the file on GitHub or ask a maintainer for help.");
  });
}

function hide(id) {
  const element = document.getElementById(id);
  if (element) element.hidden = true;
}

function status(text) {
  const element = document.getElementById("am-editor-status");
  if (element) element.textContent = text;
}

async function fetchText(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

async function start() {
  const data = root.dataset;
  // ?cycle=2018-19 opens that cycle's file instead of the current one.
  const asked = new URLSearchParams(window.location.search).get("cycle");
  if (asked && /^[0-9]{4}-[0-9]{2}$/.test(asked) && data.starter !== "true" && asked !== data.cycle) {
    data.source = `${data.sourceFolder}${asked}.yml`;
    data.path = `counties/${data.county}/${asked}.yml`;
    data.cycle = asked;
    hide("am-editor-propose-edit");
  }
  const [schemaText, referenceText, wordingText, source] = await Promise.all(
    [data.schema, data.reference, data.messages, data.source].map(fetchText),
  );
  while (typeof window.JSONEditor === "undefined") await new Promise((r) => setTimeout(r, 20));
  withoutInlineStyles(window.JSONEditor.defaults.themes.html);
  textStaysText(window.JSONEditor);
  const state = {
    schema: JSON.parse(schemaText),
    reference: JSON.parse(referenceText),
    wording: JSON.parse(wordingText),
    county: data.county,
    path: data.path,
    cycle: data.cycle,
    isNew: data.starter === "true",
    source,
    editor: null,
    base: null,
  };
  document.getElementById("am-editor-nojs").hidden = true;
  root.hidden = false;
  wireButtons(state);
  load(state, source);
}

// json-editor's theme writes a few style attributes (visually hidden labels, a margin), which
// the site's policy (style-src 'self') refuses: the same elements, with classes the site's
// stylesheet styles instead.
function withoutInlineStyles(Theme) {
  const proto = Theme.prototype;
  const hidden = (element) => {
    element.classList.add("am-visually-hidden");
    return element;
  };
  proto.visuallyHidden = function visuallyHidden(element) {
    if (element) hidden(element);
  };
  proto.getHiddenLabel = function getHiddenLabel(text) {
    const label = document.createElement("label");
    label.textContent = text;
    return hidden(label);
  };
  proto.getHiddenText = function getHiddenText(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return hidden(span);
  };
  proto.getOptInCheckbox = function getOptInCheckbox(formname) {
    const container = document.createElement("span");
    const label = this.getHiddenLabel(`Include ${formname}`);
    label.setAttribute("for", `${formname}-opt-in`);
    const checkbox = document.createElement("input");
    checkbox.setAttribute("type", "checkbox");
    checkbox.setAttribute("id", `${formname}-opt-in`);
    checkbox.classList.add("json-editor-opt-in");
    container.append(checkbox, label);
    return { label, checkbox, container };
  };
}

// json-editor "cleans" text by parsing it as HTML in a detached element (an <img onerror> in
// a county file would load, and its handler run but for the policy) and strips tags from
// values, which would change what an educator wrote. Text is text here: kept as it is.
function textStaysText(JSONEditor) {
  const asText = (value) => (value === undefined || value === null ? "" : String(value));
  JSONEditor.AbstractEditor.prototype.cleanText = asText;
  JSONEditor.AbstractEditor.prototype.purify = (value) => value;
  JSONEditor.AbstractTheme.prototype.cleanText = asText;
}

// The schema json-editor draws: the published schema with the choices filled in from the
// reference data (labels as option titles), lists of terms as checkboxes, long text as text
// areas. Nothing is added that the schema does not say.
function formSchema(state) {
  const schema = structuredClone(state.schema);
  delete schema.$id;
  delete schema.$schema;
  const vocab = state.reference.vocabularies;
  const choices = (node) => {
    const target = resolve(schema, node);
    if (target["x-vocabulary"] && vocab[target["x-vocabulary"]]) {
      const terms = vocab[target["x-vocabulary"]].terms;
      return { keys: terms.map((t) => t.key), titles: terms.map((t) => `${t.label}: ${t.definition}`) };
    }
    if (target["x-reference"] === "partner") {
      return { keys: state.reference.partners.map((p) => p.id), titles: state.reference.partners.map((p) => p.name), many: true };
    }
    if (target["x-reference"] === "county") {
      const others = state.reference.counties.filter((c) => c.slug !== state.county);
      return { keys: others.map((c) => c.slug), titles: others.map((c) => c.title), many: true };
    }
    return null;
  };
  // A goal's needs and assets and an action's goal are chosen from the items in the file.
  const inFile = (node) => {
    const target = resolve(schema, node)["x-reference"];
    if (!["need", "asset", "goal"].includes(target)) return null;
    return {
      watch: { here: `root.${target}s` },
      enumSource: [{ source: "here", value: "{{item.id}}", title: "{{item.id}}" }],
    };
  };
  const visit = (node) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    delete node.if;
    delete node.then;
    if (node.type === "string" && node["x-kind"] === "text" && node.maxLength > 200) node.format = "textarea";
    const own = choices(node);
    if (own && node.type === "string") {
      node.enum = own.keys;
      node.options = { ...(node.options || {}), enum_titles: own.titles };
    }
    const here = inFile(node);
    if (here && node.type === "string") Object.assign(node, here);
    if (node.type === "array" && node.items && inFile(node.items)) {
      node.items = { type: "string", ...inFile(node.items) };
      node.format = "table";
    }
    if (node.type === "array" && node.items) {
      const items = choices(node.items);
      if (items) {
        node.items = { type: "string", enum: items.keys, options: { enum_titles: items.titles } };
        node.uniqueItems = true;
        node.format = items.many ? "select" : "checkbox";
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(schema);
  // Each item of a list is headed by what people call it: its name, title, role or id.
  const heads = {
    sources: ["Source", "title"],
    contacts: ["Contact", "role"],
    assets: ["Asset", "name"],
    needs: ["Need", "id"],
    goals: ["Goal", "id"],
    actions: ["Action", "id"],
    subject_gaps: ["Subject without assets", "subject"],
  };
  for (const [name, [title, field]] of Object.entries(heads)) {
    const list = schema.properties[name];
    if (!list || !list.items) continue;
    const item = resolve(schema, list.items);
    item.title = title;
    item.headerTemplate = `${title} {{ i1 }}: {{ self.${field} }}`;
  }
  return schema;
}

function load(state, source) {
  state.source = source;
  state.base = null;
  root.dataset.state = "loading";
  if (state.editor) state.editor.destroy();
  const form = document.getElementById("am-editor-form");
  form.replaceChildren();
  let data;
  try {
    const doc = YAML.parseDocument(source, { prettyErrors: false });
    if (doc.errors.length) throw doc.errors[0];
    data = doc.toJS();
  } catch (error) {
    console.error(error);
    showOutput(state, source, [
      { path: [], message: "the form cannot read this file", hint: "Fix it on GitHub first: the checks on the pull request say where the mistake is." },
    ]);
    root.dataset.state = "unreadable";
    status("This file has a mistake the form cannot read. Fix it on GitHub first (the checks on the pull request say where).");
    return;
  }
  listKept(state, data);
  const editor = new window.JSONEditor(form, {
    schema: formSchema(state),
    startval: data,
    theme: "html",
    iconlib: null,
    disable_theme_rules: true,
    show_errors: "never",
    show_opt_in: true,
    disable_edit_json: true,
    disable_properties: true,
    disable_collapse: true,
    disable_array_delete_all_rows: true,
    disable_array_delete_last_row: true,
    prompt_before_delete: false,
    no_additional_properties: true,
    array_controls_top: false,
  });
  state.editor = editor;
  editor.on("ready", () => {
    state.base = editor.getValue();
    addFilters(form);
    labelControls(form);
    update(state);
    root.dataset.state = "ready";
    status(state.isNew ? "A new map: fill in the form; the checks below say what is still needed." : "The map is loaded. Change what you need; the file below follows.");
  });
  editor.on("change", () => {
    if (state.base !== null) {
      suggestIds(state);
      addFilters(form);
      labelControls(form);
      update(state);
    }
  });
}

// A new item's id is suggested from its name (or the first words of its statement or step):
// lower case, words joined by hyphens. Once someone types an id of their own, it is theirs.
const ID_SOURCES = { assets: "name", needs: "statement", goals: "statement", actions: "step" };

export function suggestId(text) {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let id = "";
  for (const word of words) {
    const longer = id ? `${id}-${word}` : word;
    if (longer.length > 40) break;
    id = longer;
  }
  return id;
}

function suggestIds(state) {
  state.suggested = state.suggested || {};
  const value = state.editor.getValue();
  for (const [collection, field] of Object.entries(ID_SOURCES)) {
    const items = Array.isArray(value[collection]) ? value[collection] : [];
    const known = Array.isArray(state.base[collection]) ? state.base[collection].length : 0;
    items.forEach((item, index) => {
      if (index < known || !item || typeof item[field] !== "string") return;
      const path = `root.${collection}.${index}.id`;
      const id = state.editor.getEditor(path);
      if (!id || (item.id && item.id !== state.suggested[path])) return;
      const suggestion = suggestId(item[field]);
      if (suggestion && suggestion !== item.id) {
        state.suggested[path] = suggestion;
        id.setValue(suggestion);
      }
    });
  }
}

// Keys in the file the schema does not describe: the form cannot show them, the output keeps them.
function listKept(state, data) {
  const kept = [];
  const walkKept = (value, path) => {
    const schema = schemaAt(state.schema, path);
    if (!schema || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) return value.forEach((item, i) => walkKept(item, [...path, i]));
    for (const key of Object.keys(value)) {
      if (schema.properties && key in schema.properties) walkKept(value[key], [...path, key]);
      else kept.push(location([...path, key], data));
    }
  };
  walkKept(data, []);
  const list = document.getElementById("am-editor-kept-list");
  list.replaceChildren(
    ...kept.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }),
  );
  document.getElementById("am-editor-kept").hidden = kept.length === 0;
}

function known(state) {
  // A key the form can show (and so may remove); any other key is kept as it is.
  return (path) => {
    const parent = schemaAt(state.schema, path.slice(0, -1));
    return Boolean(parent && parent.properties && path[path.length - 1] in parent.properties);
  };
}

function update(state) {
  const next = state.editor.getValue();
  let output;
  try {
    output = patchYaml(YAML, state.source, state.base, next, { known: known(state) });
    if (state.writeFailed) status("The map is loaded. Change what you need; the file below follows.");
    state.writeFailed = false;
  } catch (error) {
    // Keep the last file that was written, and say that the newest change is not in it.
    console.error(error);
    state.writeFailed = true;
    status("Your last change could not be added to the file below. Undo it, or make it on GitHub instead.");
    showOutput(state, state.output || state.source, [
      { path: [], message: "your last change is not in the file below yet", hint: "Undo the last change, or make it on GitHub." },
    ]);
    return;
  }
  let parsed;
  try {
    parsed = YAML.parse(output);
  } catch (error) {
    console.error(error);
    showOutput(state, output, [
      { path: [], message: "the file below could not be read back after your change", hint: "Undo the last change, or make it on GitHub." },
    ]);
    return;
  }
  const problems = checkCounty(parsed, state);
  state.parsed = parsed;
  showOutput(state, output, problems);
}

function showOutput(state, output, problems) {
  const textarea = document.getElementById("yaml-output");
  textarea.value = output;
  state.output = output;
  showProblems(state, problems);
  const ready = document.getElementById("am-editor-ready");
  const section = textarea.closest("section");
  section.dataset.ready = problems.length ? "false" : "true";
  textarea.setAttribute("aria-invalid", problems.length ? "true" : "false");
  ready.textContent = problems.length
    ? `Not ready: ${problems.length} ${problems.length === 1 ? "problem" : "problems"} to fix first (listed under Checks).`
    : "Ready: the checks find nothing to fix.";
  const newLink = document.getElementById("am-editor-new-link");
  const newUrl = root.dataset.newUrl;
  if (newUrl && newLink) {
    const href = `${newUrl}?filename=${encodeURIComponent(state.path)}&value=${encodeURIComponent(output)}`;
    const fits = href.length <= URL_LIMIT;
    newLink.href = fits ? href : newUrl;
    document.getElementById("am-editor-too-long").hidden = fits;
  }
  document.getElementById("am-editor-file-path").textContent = state.path;
  document.getElementById("am-editor-file-name").textContent = state.path.split("/").pop();
}

function showProblems(state, problems) {
  const form = document.getElementById("am-editor-form");
  form.querySelectorAll(".am-editor__error").forEach((element) => element.remove());
  form.querySelectorAll("[aria-invalid]").forEach((element) => {
    element.removeAttribute("aria-invalid");
    element.removeAttribute("aria-describedby");
  });
  const summary = document.getElementById("am-editor-summary");
  if (!problems.length) {
    const p = document.createElement("p");
    p.textContent = "No problems found.";
    summary.replaceChildren(p);
    return;
  }
  const list = document.createElement("ul");
  list.className = "am-editor__problems";
  problems.forEach((problem, index) => {
    const where = location(problem.path, state.parsed);
    const text = where ? `${where}: ${problem.message}` : problem.message;
    const li = document.createElement("li");
    li.dataset.path = JSON.stringify(problem.path);
    const field = fieldFor(state, problem.path);
    if (field) {
      const id = `am-editor-error-${index}`;
      const note = document.createElement("p");
      note.className = "am-editor__error";
      note.id = id;
      note.dataset.path = JSON.stringify(problem.path);
      note.textContent = problem.hint ? `${problem.message}. ${problem.hint}` : problem.message;
      field.container.appendChild(note);
      const input =
        field.input instanceof HTMLElement
          ? field.input
          : field.container.querySelector("input:not(.json-editor-opt-in), select, textarea");
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", id);
        const link = document.createElement("a");
        link.href = `#${input.id || ""}`;
        link.textContent = text;
        link.addEventListener("click", (event) => {
          event.preventDefault();
          input.focus();
        });
        li.appendChild(link);
      }
    }
    if (!li.firstChild) li.textContent = text;
    if (problem.hint) {
      const hint = document.createElement("span");
      hint.className = "am-editor__hint";
      hint.textContent = ` ${problem.hint}`;
      li.appendChild(hint);
    }
    list.appendChild(li);
  });
  summary.replaceChildren(list);
}

function fieldFor(state, path) {
  // The json-editor field a problem is about: the value itself, or its nearest shown parent.
  for (let end = path.length; end >= 0; end -= 1) {
    const editor = state.editor && state.editor.getEditor(["root", ...path.slice(0, end)].join("."));
    if (editor && editor.container && editor.container.isConnected) return editor;
  }
  return null;
}

// Long lists to choose from (partners, counties) get a box that narrows them as you type.
function addFilters(form) {
  form.querySelectorAll("select[multiple]").forEach((select) => {
    if (select.dataset.filtered) return;
    select.dataset.filtered = "true";
    const label = select.labels && select.labels[0] ? select.labels[0].textContent.trim() : "the list";
    const input = document.createElement("input");
    input.type = "search";
    input.className = "am-editor__filter";
    input.id = `${select.id || select.name}-filter`;
    input.setAttribute("aria-label", `Find in ${label}`);
    input.placeholder = `Find in ${label.toLowerCase()}`;
    input.setAttribute("aria-controls", select.id);
    input.addEventListener("input", () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      for (const option of select.options) {
        const text = `${option.textContent} ${option.value}`.toLowerCase();
        option.hidden = !option.selected && !words.every((word) => text.includes(word));
      }
    });
    select.before(input);
  });
}

// json-editor labels most controls; give the rest (checkbox lists, opt-in boxes) a name.
let labelled = 0;
function labelControls(form) {
  form.querySelectorAll("input, select, textarea, button").forEach((control) => {
    if (!control.id) {
      labelled += 1;
      control.id = `am-editor-control-${labelled}`;
    }
    const hasLabel = control.labels && control.labels.length;
    if (hasLabel || control.getAttribute("aria-label") || (control.tagName === "BUTTON" && control.textContent.trim())) return;
    const holder = control.closest("[data-schemapath]");
    const title = holder ? holder.getAttribute("data-schemapath").replace(/^root\.?/, "").replace(/\./g, ", ") : "";
    if (control.type === "checkbox" && control.classList.contains("json-editor-opt-in")) {
      control.setAttribute("aria-label", `Include ${title}`);
    } else if (control.tagName === "BUTTON") {
      control.setAttribute("aria-label", control.title || "Button");
    } else {
      control.setAttribute("aria-label", title || "Value");
    }
  });
}

function wireButtons(state) {
  document.getElementById("am-editor-copy").addEventListener("click", async () => {
    const note = document.getElementById("am-editor-copied");
    const textarea = document.getElementById("yaml-output");
    try {
      await navigator.clipboard.writeText(textarea.value);
      note.textContent = "Copied.";
    } catch {
      textarea.select();
      note.textContent = document.execCommand("copy") ? "Copied." : "Select the text in the box and copy it.";
    }
  });
  document.getElementById("am-editor-download").addEventListener("click", () => {
    const blob = new Blob([document.getElementById("yaml-output").value], { type: "text/yaml" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = state.path.split("/").pop();
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
  document.getElementById("am-editor-next-cycle").addEventListener("click", () => {
    const cycle = nextCycle(state.cycle);
    const text = nextCycleText(state.output || state.source, cycle, today());
    state.cycle = cycle;
    state.path = `counties/${state.county}/${cycle}.yml`;
    state.isNew = true;
    hide("am-editor-propose-edit");
    load(state, text);
    status(`This is now the ${cycle} map, a new file: check its contents and propose it as a new file.`);
  });
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The cycle after `2024-25`: `2025-26`. */
export function nextCycle(cycle) {
  const start = Number(cycle.slice(0, 4)) + 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

/** The next cycle's file, as `python -m hooks new-cycle` writes it (scaffold.py): the same
 * text with today's date on the `updated:` line and the cycle in a starter's first note. */
export function nextCycleText(text, cycle, day) {
  return text
    .replace(/^updated:.*$/m, `updated: ${day}`)
    .replace(/^(# .+: asset map for the )[0-9]{4}-[0-9]{2}( cycle\.)$/m, `$1${cycle}$2`);
}
