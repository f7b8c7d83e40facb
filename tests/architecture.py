"""An import-linter contract the built-in ones can't express: a module that may import only
the standard library (and a short list of pure libraries), whatever else is installed.

The model layer's promise is "no storage, no network, no Discord"; listing every forbidden
package would miss the next one added to the project, so this contract lists what is allowed.
"""

from __future__ import annotations

import sys

import grimp
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class StandardLibraryOnlyContract(Contract):
    """`source_modules` (and everything below them) import only themselves, the standard
    library and `allowed_modules`."""

    type_name = "standard_library_only"

    source_modules = fields.ListField(subfield=fields.StringField())
    allowed_modules = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        sources = list(self.source_modules)  # type: ignore[call-overload]
        allowed = set(self.allowed_modules or ())  # type: ignore[arg-type]
        offences: list[dict[str, object]] = []
        for source in sources:
            inside = {source} | graph.find_descendants(source)
            for importer in sorted(inside):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    top = imported.split(".")[0]
                    if imported in inside or top in sys.stdlib_module_names or top in allowed:
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    offences.append(
                        {
                            "importer": importer,
                            "imported": imported,
                            "lines": [detail["line_number"] for detail in details],
                        }
                    )
        return ContractCheck(kept=not offences, metadata={"offences": offences})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for offence in check.metadata["offences"]:
            lines = ", ".join(f"l.{line}" for line in offence["lines"])
            output.print_error(
                f"{offence['importer']} is not allowed to import {offence['imported']} ({lines})",
                bold=False,
            )
            output.new_line()
