"""How soon `homeward sandbox` answers: from starting the command to the page's first answer,
and on to the demo team being ready, over several runs of the real command.

Each run is `python -m bot sandbox --no-browser --port P` in a child process with no settings,
as a new user runs it (the venv already installed). Target: the page answers within 5 s.
"""

import argparse
import asyncio
import os
import socket
import statistics
import sys
import time

import aiohttp

from bench.common import machine

TARGET_SECONDS = 5.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def one_run() -> tuple[float, float, float]:
    """Seconds to the address printed, to the page's first answer, and to the team ready."""
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("HOMEWARD_")}
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--no-browser", "--port", str(port),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, env=env,
    )  # fmt: skip
    assert process.stdout is not None
    try:
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        printed = time.perf_counter() - started
        if "http://127.0.0.1" not in line:
            raise RuntimeError("the sandbox printed no address")
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/") as response:
                response.raise_for_status()
                await response.read()
            answered = time.perf_counter() - started
            async with http.get(f"{base}/api/events") as events:
                while True:
                    async with http.get(f"{base}/api/state") as response:
                        if (await response.json())["ready"]:
                            break
                    await asyncio.wait_for(events.content.readline(), 60)
            ready = time.perf_counter() - started
    finally:
        process.terminate()
        await process.wait()
    return printed, answered, ready


async def main(runs: int) -> int:
    print("\n".join(f"- {fact}" for fact in machine()))
    results = [await one_run() for _ in range(runs)]
    print()
    print(f"`python -m bench.sandbox_start --runs {runs}`\n")
    print("| from the command to | median | worst |")
    print("|---|---|---|")
    names = ("the address printed", "the page's first answer", "the demo team ready")
    for index, name in enumerate(names):
        figures = [result[index] for result in results]
        print(f"| {name} | {statistics.median(figures):.2f} s | {max(figures):.2f} s |")
    worst_answer = max(result[1] for result in results)
    verdict = "met" if worst_answer <= TARGET_SECONDS else "MISSED"
    print(f"\nTarget: the page answers within {TARGET_SECONDS:.0f} s in every run: {verdict}.")
    return 0 if worst_answer <= TARGET_SECONDS else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    sys.exit(asyncio.run(main(parser.parse_args().runs)))
