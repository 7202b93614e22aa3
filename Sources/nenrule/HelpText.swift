/// `nenrule COMMAND --help`: each command's options and examples, after its usage line.
enum HelpText {
    static func details(_ command: String) -> String {
        switch command {
        case "check": """
            options:
              --format text|json   diagnostics as text (file:line:col, source line, caret) or JSON
            examples:
              nenrule check                       # the bundled Guidelines/
              nenrule check Guidelines local/     # each path is checked as its own rule set
            """
        case "lint": """
            options:
              --format text|json|sarif   findings as text, JSON, or SARIF 2.1.0 for code-scanning tools
              --deny-warnings            exit 1 on warnings as well as errors
              --strict                   also overlaps under `first` and the unknown-sensitivity report
            examples:
              nenrule lint Guidelines --deny-warnings
              nenrule lint Guidelines --format sarif > lint.sarif
            """
        case "eval": """
            options:
              --facts FILE|-      the case: a JSON object of fact → value ("8 mm", "35%", "G1", true)
              --decision ID       only this decision and what it reads (repeatable)
              --trace             why: each condition with the facts it read, and what constraints narrowed
              --format text|json  for a reader, or the versioned JSON of language.md
            examples:
              nenrule eval --facts Guidelines/examples/rectal_8mm_g1.json
              echo '{"primary_site":"rectum","tumor_size":"15 mm","grade":"G1"}' | nenrule eval --facts - --decision rectal_net.management --trace
            """
        case "batch": """
            options:
              --cases FILE|-              JSON Lines (one case per line) or CSV with a header of fact names
              --input-format jsonl|csv    the input's format (default: by the file name, else by its first line;
                                          `--format` is the old spelling, deprecated)
              --output-format jsonl|csv|csv-wide
                                          one JSON line per case (default); CSV, a row per case, decision and
                                          outcome; or CSV, a row per case and a column per decision
              --keep COLUMN               a column (or key) that is not a fact, copied to each result (repeatable)
              --ignore-unknown            skip every column that is not a fact (listed once in the summary)
              --out FILE                  results to FILE, written atomically (default: standard output)
              --decision ID               only these decisions (repeatable); --all-decisions also writes not_applicable ones
              --jobs N                    evaluate on N threads; output stays in input order
              --trace                     a trace per decision in each result line
              --summary FILE              counts per decision and outcome, and undetermined decisions per case, as JSON
            values as registries write them: booleans true/false, yes/no, y/n, 1/0 in any case; empty, NA, N/A,
            NULL and `.` are unknown; a member in another case is read with a warning; dates as YYYY-MM-DD
            examples:
              nenrule batch Guidelines --cases registry.jsonl --jobs 2 --summary summary.json > results.jsonl
              nenrule batch Guidelines --cases export.csv --keep mrn --ignore-unknown --output-format csv > results.csv
            """
        case "test": """
            options:
              --coverage                branch coverage per decision, with the branches never taken,
                                        and boundary coverage: the numeric cut-offs no test sits on
              --format text|json|junit  failures at the failing `expect` (file:line:col); JUnit XML for CI
              --filter TEXT             only tests whose name contains TEXT (none matching is an error)
            examples:
              nenrule test Guidelines --coverage
              nenrule test Guidelines --filter "rectal" --format junit > tests.xml
            """
        case "fmt": """
            options:
              --check   list the files that are not formatted; exit 1 if any
              --diff    show the changes as a unified diff; exit 1 if any
            examples:
              nenrule fmt Guidelines
              nenrule fmt --check Guidelines
            """
        case "graph": """
            options:
              --decision ID             only this decision, what it reads and what reads it
              --format dot|mermaid|json a picture for Graphviz or Mermaid, or the graph as JSON (Grammar/graph-json.md)
            examples:
              nenrule graph Guidelines --decision rectal_net.management | dot -Tsvg > rectal.svg
            """
        case "explain": """
            options:
              --decision ID          the decision to explain
              --format text|markdown plain text, or Markdown for a wiki
            examples:
              nenrule explain Guidelines --decision rectal_net.management
            """
        case "catalog": """
            examples:
              nenrule catalog Guidelines > Guidelines/README.md
              nenrule catalog local/ Guidelines > local/README.md   # a module's catalogue, composed with the guideline
            """
        case "vocab": """
            options:
              --format text|json   the vocabulary for a reader, or for tools
            examples:
              nenrule vocab                          # what the bundled guideline already names
              nenrule vocab Guidelines local/ --format json
            """
        case "schema": """
            A JSON Schema (draft 2020-12) of one case for the rule set: every fact with its type, unit,
            range and members (`description`, `x-nenrule-type`, `x-nenrule-unit`, `x-nenrule-members`),
            accepting a case exactly when `eval --facts` does, keys that are not facts refused. Not
            checked, though eval refuses them: the rule set's constraints (and a derived fact given
            against the others), the value of a number in exponent notation inside a string ("1e2"),
            a number with more digits than eval can hold (about 19), a fact given twice.
            options:
              --out FILE   write the schema to FILE (atomically) instead of standard output
            examples:
              nenrule schema --out case.schema.json          # the bundled guideline's case schema
              nenrule schema Guidelines local/ > case.schema.json
            """
        case "diff": """
            Compares two versions of a rule set by their answers, not their text: for every decision in
            both (or those named), the regions of the input space where status, outcomes, strengths or
            sections differ, in words, each with a witness case for `eval` and both answers. Decisions
            added, removed or retitled, fact, unit and constraint changes are listed too; a unit change
            with the same meaning changes no answer. With --cases, a cohort (JSON Lines, or CSV by its
            .csv name) is run through both versions: a line per changed answer, then counts.
            options:
              --decision ID          compare only this decision (repeatable)
              --map OLD_ID=NEW_ID    compare two decisions of different ids (repeatable)
              --outcomes-only        ignore sections (for two decisions cited from different sources)
              --cases FILE|-         a cohort instead of regions
              --format text|json|markdown
            exit status: 0 no answer changes, 1 some do, 2 an error
            examples:
              nenrule diff Guidelines Guidelines-next
              nenrule diff Guidelines Guidelines --map liver_mets.ablation=liver_mets.ablation.seed002 --outcomes-only
              nenrule diff Guidelines Guidelines-next --cases registry.jsonl --format json
            """
        case "lsp": """
            The Language Server Protocol (3.17) on standard input and output, for an editor to start.
            The workspace folders the editor names, or the PATHs given here, are the rule set.
            It publishes the checker's and the linter's diagnostics, and answers hover, definition,
            references, rename, completion, code actions, formatting, symbols and code lenses.
            examples:
              nenrule lsp                            # as an editor starts it
              nenrule lsp Guidelines local/          # a local module with the bundled guideline
            """
        case "build": """
            options:
              --target c          the only target: one C11 source and one header, no dependency beyond libc
              --out DIR           where nenrule.c and nenrule.h go (made if missing)
              --decision ID       only these decisions and what they read (repeatable; renumbered)
            The header documents the API: nenrule_case_new, setters per fact (by slot, member name,
            quantity text or date), nenrule_evaluate, status, outcomes and recommendations per decision,
            and nenrule_decide_rows for bulk evaluation. Answers equal `nenrule eval`; `needs` and the
            trace stay the interpreter's.
            examples:
              nenrule build Guidelines --target c --out build/c
              cc -std=c11 -O2 -shared -fPIC -o build/c/libnenrule.so build/c/nenrule.c
              python3 Tests/C/evaluate_case.py build/c/libnenrule.so Guidelines/examples/rectal_8mm_g1.json
            """
        default: ""
        }
    }
}
