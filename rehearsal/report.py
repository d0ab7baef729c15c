"""A check's result, and the table of all of them that the rehearsal prints."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    check: str
    ok: bool
    figures: str


def print_table(results: list[Result], seconds: float) -> None:
    print()
    print("| check | result | figures |")
    print("| --- | --- | --- |")
    for result in results:
        print(f"| {result.check} | {'PASS' if result.ok else 'FAIL'} | {result.figures} |")
    print(f"\nRehearsal {'passed' if all(r.ok for r in results) else 'FAILED'} in {seconds:.0f} s.", flush=True)
