// The sandbox page: people, their chats as in a messenger, the clock and the inspector.
// Everything comes from /api; a server-sent event after each change brings it up to date.
"use strict";

const view = {
  people: [], chosen: null, replyTo: null, childId: null, childPicked: false,
  lastShown: 0, zone: "UTC", following: true, answersShown: {},
};
const $ = (selector) => document.querySelector(selector);

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    toast(answer.error || `That did not work (${response.status})`);
    throw new Error(answer.error || String(response.status));
  }
  return answer;
}

function toast(text) {
  const box = $("#toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

// --- People ------------------------------------------------------------------------------

function renderPeople() {
  const list = $("#people");
  list.replaceChildren(...view.people.map((person) => {
    const badge = person.unread && person.id !== view.chosen
      ? element("span", { class: "unread", text: String(person.unread) }) : null;
    return element("li", {},
      element("button", {
        type: "button", class: person.id === view.chosen ? "person chosen" : "person",
        "data-person": person.name, onclick: () => choose(person.id),
      },
      element("span", { class: "name", text: person.name }),
      element("span", { class: "role", text: [person.role, person.detail].filter(Boolean).join(" · ") }),
      badge));
  }));
}

async function choose(personId) {
  view.chosen = personId;
  view.replyTo = null;
  view.lastShown = 0;
  view.childPicked = false;
  await followChosenChild();
  renderPeople();
  renderReplying();
  $("#composer").hidden = false;
  await refreshChat();
  $("#text").focus();
}

// The inspector shows the chosen person when they are a child (once the bot knows them as
// one), until a child is picked by hand.
async function followChosenChild() {
  const person = view.people.find((p) => p.id === view.chosen);
  if (!view.childPicked && person && person.child_id && person.child_id !== view.childId) {
    await chooseChild(person.child_id);
  }
}

// --- The chat ----------------------------------------------------------------------------

function linkified(text) {
  const parts = [];
  let rest = text;
  const link = /https:\/\/t\.me\/\S+\?start=\S+/;
  for (let found = rest.match(link); found; found = rest.match(link)) {
    parts.push(rest.slice(0, found.index));
    const url = found[0];
    parts.push(element("a", {
      href: url, class: "invite-link", title: "Open this invite as someone new",
      onclick: (event) => { event.preventDefault(); openNewPerson(url); },
    }, url));
    rest = rest.slice(found.index + url.length);
  }
  parts.push(rest);
  return parts;
}

function renderMessage(message) {
  const quote = message.reply_to
    ? element("blockquote", { text: message.reply_to.text || "(a message)" }) : null;
  const photo = message.photo
    ? element("img", { src: `/api/files/${message.photo}`, alt: "photo from the bot", class: "photo", onload: keepLatestInView }) : null;
  const documentLink = message.document
    ? element("a", { class: "document", href: `/api/files/${message.document.file_id}`, download: message.document.name || "" },
      `📄 ${message.document.name || "file"}`) : null;
  const buttons = message.buttons.length ? element("div", { class: "keyboard" },
    ...message.buttons.map((row) => element("div", { class: "keyboard-row" },
      ...row.map((button) => element("button", {
        type: "button", "data-label": button.text,
        onclick: () => press(message.id, button),
      }, button.text))))) : null;
  const actions = element("span", { class: "actions" },
    element("button", { type: "button", class: "reply", title: "Reply", onclick: () => startReply(message) }, "↩ Reply"),
    message.from_bot ? null : element("button", { type: "button", class: "edit", title: "Edit", onclick: () => editMessage(message) }, "✎ Edit"));
  return element("li", { class: message.from_bot ? "message from-bot" : "message from-person", "data-id": message.id },
    quote, photo,
    element("div", { class: "text" }, ...linkified(message.text)),
    documentLink,
    element("div", { class: "meta" }, message.edited ? element("span", { class: "edited", text: "edited" }) : null,
      element("time", { datetime: message.date, text: message.time }), actions),
    buttons);
}

function keepLatestInView() {
  const list = $("#messages");
  if (view.following) list.scrollTop = list.scrollHeight;
}

async function refreshChat() {
  if (view.chosen === null) return;
  const person = view.people.find((p) => p.id === view.chosen);
  $("#chat-title").textContent = person ? person.name : "";
  $("#chat-role").textContent = person ? [person.role, person.detail].filter(Boolean).join(" · ") : "";
  const chat = await api(`/api/chats/${view.chosen}`);
  const list = $("#messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...chat.messages.map(renderMessage));
  renderCommands(chat.commands);
  const told = view.answersShown[view.chosen];
  if (told !== undefined && chat.answers.length > told) toast(chat.answers[chat.answers.length - 1]);
  view.answersShown[view.chosen] = chat.answers.length;
  const last = chat.messages.length ? chat.messages[chat.messages.length - 1].id : 0;
  view.following = last > view.lastShown || atBottom;
  keepLatestInView();
  if (last > view.lastShown) {
    view.lastShown = last;
    await api(`/api/chats/${view.chosen}/seen`, { up_to: last });
  }
}

function renderCommands(commands) {
  $("#command-menu").replaceChildren(...commands.map((command) => element("li", {},
    element("button", {
      type: "button", onclick: () => {
        $("#text").value = `/${command.command} `;
        $("#command-menu").hidden = true;
        $("#text").focus();
      },
    }, element("b", { text: `/${command.command}` }), ` ${command.description}`))));
  $("#menu-button").hidden = commands.length === 0;
}

function startReply(message) {
  view.replyTo = message;
  renderReplying();
  $("#text").focus();
}

function renderReplying() {
  const box = $("#replying");
  box.hidden = !view.replyTo;
  if (view.replyTo) box.querySelector("span").textContent = `Replying to: ${view.replyTo.text.slice(0, 80)}`;
}

async function press(messageId, button) {
  if (button.url) {
    if (button.url.includes("?start=")) openNewPerson(button.url);
    else if (/^https?:\/\//.test(button.url)) window.open(button.url, "_blank", "noopener");
    return;
  }
  await api(`/api/chats/${view.chosen}/press`, { message_id: messageId, data: button.data });
}

async function editMessage(message) {
  const text = window.prompt("Edit your message", message.text);
  if (text && text.trim() && text !== message.text) {
    await api(`/api/chats/${view.chosen}/edit`, { message_id: message.id, text });
  }
}

async function send(event) {
  event.preventDefault();
  const text = $("#text").value.trim();
  if (!text || view.chosen === null) return;
  const body = { text };
  if (view.replyTo) body.reply_to = view.replyTo.id;
  await api(`/api/chats/${view.chosen}/send`, body);
  $("#text").value = "";
  view.replyTo = null;
  renderReplying();
}

// --- New people --------------------------------------------------------------------------

function openNewPerson(link) {
  const form = $("#new-person-form");
  form.reset();
  form.elements.link.value = link || "";
  $("#new-person-dialog").showModal();
  form.elements.first_name.focus();
}

async function newPerson() {
  const form = $("#new-person-form");
  const answer = await api("/api/people", {
    first_name: form.elements.first_name.value, link: form.elements.link.value,
  });
  await refresh();
  await choose(answer.id);
}

// --- The clock and the inspector ---------------------------------------------------------

function renderClock(clock) {
  $("#clock-now").textContent = clock.shown;
  $("#clock-zone").textContent = clock.zone;
  view.zone = clock.zone;
  const next = clock.next[0];
  $("#next-due").textContent = next ? `Next thing due: ${next.shown}` : "Nothing due";
  $("#next-due").title = next ? next.what : "";
  $("#next-due").disabled = !next;
  $("#upcoming").replaceChildren(...clock.next.map((item) => element("li", {},
    element("time", { datetime: item.at, text: item.shown }), ` ${item.what}`)));
}

async function moveClock(body) {
  await api("/api/clock", body);
}

async function chooseChild(childId) {
  view.childId = childId;
  $("#child-select").value = String(childId);
  await refreshInspector(true);
}

async function refreshChildren() {
  const children = await api("/api/children");
  const select = $("#child-select");
  select.replaceChildren(element("option", { value: "", text: "Choose a child" }),
    ...children.map((child) => element("option", {
      value: child.id, text: child.joined ? child.alias : `${child.alias} (not joined)`,
    })));
  if (view.childId !== null) select.value = String(view.childId);
}

function facts(rows) {
  return element("dl", {}, ...rows.flatMap(([name, value]) => value === null || value === undefined || value === ""
    ? [] : [element("dt", { text: name }), element("dd", { text: String(value) })]));
}

function span(hours) {
  const whole = Math.round(Math.abs(hours));
  const days = Math.floor(whole / 24);
  const parts = [days ? `${days} day${days === 1 ? "" : "s"}` : "", whole % 24 || !days ? `${whole % 24} hour${whole % 24 === 1 ? "" : "s"}` : ""];
  return parts.filter(Boolean).join(" ");
}

function personName(chatId) {
  const person = view.people.find((p) => p.id === chatId);
  return person ? person.name : String(chatId);
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString("en-GB", { timeZone: view.zone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }) : null;
}

async function refreshInspector(opened = false) {
  const box = $("#inspection");
  if (view.childId === null) { box.replaceChildren(); return; }
  const child = await api(`/api/children/${view.childId}${opened ? "?opened=1" : ""}`);
  const episode = child.episode;
  const parts = [
    facts([
      ["Child", child.alias], ["Risk", child.risk], ["Worker", child.worker || "no worker now"],
      ["Joined", child.joined ? "yes" : { not_yet: "not yet, invite open", expired: "invite expired" }[child.invite]],
      ["Case", child.closed ? "closed" : "open"],
      ["Next review", child.review.due_on ? `${child.review.due_on}${child.review.overdue ? " (overdue)" : ""}` : null],
      ["Next check-in", when(child.checkin.next_prompt)],
      ["Last check-in", child.checkin.last ? `${child.checkin.last.status}${child.checkin.last.mood ? `, ${child.checkin.last.mood}` : ""}` : null],
    ]),
    element("h3", { text: "Missing episode" }),
    episode ? facts([
      ["Missing since", when(episode.missing_since)], ["Returned", when(episode.returned) || "still missing"],
      ["Interview due", when(episode.interview_due)],
      ["72-hour clock", episode.hours_left === null ? "starts on return" : (episode.hours_left > 0 ? `${span(episode.hours_left)} left` : `overdue by ${span(episode.hours_left)}`)],
    ]) : element("p", { text: "none open" }),
    element("h3", { text: "Urgent alerts" }),
    child.alerts.length ? element("ul", {}, ...child.alerts.map((alert) => element("li", {
      text: `raised ${when(alert.raised)}${alert.out_of_hours ? " (out of hours)" : ""}; ${alert.taken_by ? `taken by ${alert.taken_by}` : `round ${alert.rounds}, next ${when(alert.next_round) || "—"}`}; sent to ${alert.holders.join(", ")}`,
    }))) : element("p", { text: "none open" }),
    element("h3", { text: "Next on its own" }),
    child.next.length ? element("ul", {}, ...child.next.map((item) => element("li", { text: `${when(item.at)}: ${item.what}` })))
      : element("p", { text: "nothing" }),
    element("h3", { text: "Outbox" }),
    element("p", { class: "counts", text: Object.entries(child.outbox.counts).map(([state, n]) => `${state}: ${n}`).join(" · ") || "empty" }),
    element("ul", { class: "outbox" }, ...child.outbox.latest.map((row) => element("li", {
      class: `state-${row.state.replaceAll(" ", "-")}`,
      text: `#${row.id} ${row.method} → ${personName(row.chat_id)}: ${row.state}${row.sent_at ? ` ${when(row.sent_at)}` : ` from ${when(row.not_before)}`}${row.error ? ` (${row.error})` : ""}`,
    }))),
  ];
  box.replaceChildren(...parts);
}

// --- Keeping up to date ------------------------------------------------------------------

async function refresh() {
  const state = await api("/api/state");
  view.people = state.people;
  $("#setting-up").hidden = state.ready;
  document.body.dataset.ready = state.ready ? "yes" : "no";
  renderPeople();
  renderClock(state.clock);
  await refreshChildren();
  await followChosenChild();
  await refreshChat();
  await refreshInspector();
}

let pending = null;
function refreshSoon() {
  if (pending) return;
  pending = setTimeout(async () => {
    pending = null;
    try { await refresh(); } catch (error) { /* the toast said it */ }
  }, 80);
}

function listen() {
  const events = new EventSource("/api/events");
  events.onmessage = refreshSoon;
  events.onerror = () => { events.close(); setTimeout(listen, 1000); };
}

$("#composer").addEventListener("submit", send);
$("#cancel-reply").addEventListener("click", () => { view.replyTo = null; renderReplying(); });
$("#menu-button").addEventListener("click", () => { $("#command-menu").hidden = !$("#command-menu").hidden; });
$("#attach-button").addEventListener("click", () => { $("#attach-menu").hidden = !$("#attach-menu").hidden; });
for (const button of document.querySelectorAll("#attach-menu button")) {
  button.addEventListener("click", async () => {
    $("#attach-menu").hidden = true;
    await api(`/api/chats/${view.chosen}/attach`, { kind: button.dataset.kind });
  });
}
for (const button of document.querySelectorAll("[data-seconds]")) {
  button.addEventListener("click", () => moveClock({ seconds: Number(button.dataset.seconds) }));
}
$("#next-due").addEventListener("click", () => moveClock({ to: "next" }));
$("#new-person").addEventListener("click", () => openNewPerson(""));
$("#new-person-form").addEventListener("submit", (event) => {
  if (event.submitter && event.submitter.value === "open") newPerson();
});
$("#child-select").addEventListener("change", (event) => {
  view.childPicked = true;
  if (event.target.value) chooseChild(Number(event.target.value));
  else { view.childId = null; refreshInspector(); }
});

refresh().then(listen);
