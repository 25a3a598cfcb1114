"""The layers' arrows run one way (docs/architecture.md): storage at the bottom, then the outbox
and the wording, the rules, the Board's report, the conversations and sweeps, and the wiring on
top. Each layer is checked for every chain of imports, direct or not."""

import grimp
import pytest

STORAGE, OUTBOX, WORDING = "bot.storage", "bot.outbox", "bot.wording"
RULES, REPORT = "bot.rules", "bot.report"
CONVERSATIONS, SCHEDULER = "conversations", "scheduler"
WIRING = ("bot.app", "bot.cli", "bot.logs", "bot.update_order", "bot.sandbox")
# Telegram's stand-in, which the tests and the sandbox drive: it knows nothing of the product.
TELEGRAM_DOUBLE = ("bot.sandbox.double", "bot.sandbox.spec")
LEAVES = ("bot.clock", "bot.config")  # the clock and the settings: anyone may read them

# What each layer must never reach, however indirectly.
NEVER = {
    STORAGE: [OUTBOX, WORDING, RULES, REPORT, CONVERSATIONS, SCHEDULER, *WIRING, "telegram"],
    OUTBOX: [RULES, REPORT, CONVERSATIONS, SCHEDULER, *WIRING],
    WORDING: [STORAGE, OUTBOX, RULES, REPORT, CONVERSATIONS, SCHEDULER, *WIRING, "telegram"],
    RULES: [REPORT, CONVERSATIONS, SCHEDULER, *WIRING, "telegram"],
    REPORT: [CONVERSATIONS, SCHEDULER, *WIRING, "telegram"],
    CONVERSATIONS: [*WIRING],
    SCHEDULER: [*WIRING],
}


OURS = {"bot", "conversations", "scheduler"}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("bot", "conversations", "scheduler", include_external_packages=True)


@pytest.mark.parametrize("layer", sorted(NEVER))
def test_a_layer_reaches_nothing_above_it(graph: grimp.ImportGraph, layer: str) -> None:
    reached = [
        above
        for above in NEVER[layer]
        if graph.chain_exists(importer=layer, imported=above, as_packages=True)
    ]
    assert reached == [], {
        above: graph.find_shortest_chain(importer=layer, imported=above) for above in reached
    }


@pytest.mark.parametrize("leaf", LEAVES)
def test_the_clock_and_the_settings_import_nothing_of_ours(
    graph: grimp.ImportGraph, leaf: str
) -> None:
    ours = {m for m in graph.find_modules_directly_imported_by(leaf) if m.split(".")[0] in OURS}
    assert ours == set()


@pytest.mark.parametrize("module", TELEGRAM_DOUBLE)
def test_the_bot_api_double_reaches_nothing_of_the_product(
    graph: grimp.ImportGraph, module: str
) -> None:
    product = [STORAGE, OUTBOX, WORDING, RULES, REPORT, CONVERSATIONS, SCHEDULER, *WIRING[:-1]]
    product += [*LEAVES, "bot.sandbox.run", "bot.sandbox.web", "bot.sandbox.seed"]
    reached = [
        other
        for other in product
        if graph.chain_exists(importer=module, imported=other, as_packages=True)
    ]
    assert reached == []


def test_the_check_sees_a_chain_where_there_is_one(graph: grimp.ImportGraph) -> None:
    """The wiring does import the rules and Telegram, so an empty answer above means something."""
    assert graph.chain_exists(importer="bot.app", imported=RULES, as_packages=True)
    assert graph.chain_exists(importer="bot.app", imported="telegram", as_packages=True)
    assert graph.chain_exists(importer=RULES, imported=STORAGE, as_packages=True)


def test_no_module_is_far_over_300_lines() -> None:
    """Small modules that each do one thing. The known exceptions: the English wording (one
    string after another, the source of the catalogues) and the Bot API double."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1]
    exceptions = {"bot/wording/staff.py", "bot/sandbox/double.py"}
    long = {
        str(path.relative_to(root)): len(path.read_text().splitlines())
        for folder in ("bot", "conversations", "scheduler")
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts
    }
    over = {path: lines for path, lines in long.items() if lines > 360 and path not in exceptions}
    assert over == {}
