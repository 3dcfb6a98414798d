"""The strict syntax check of schemagen's oracle, mssql and db2 scripts (tests/strict_syntax.rs).

    python3 check.py PARSER_DIR REQUEST.json

PARSER_DIR holds the Python parsers ANTLR 4.13 generated from OracleDdl.g4, TsqlDdl.g4 and
Db2Ddl.g4. REQUEST.json is {"files": [{"path", "dialect", "form"}], "unjudgeable": {dialect:
[{"starts_with", "reason"}]}} with form "script" (a file as its client runs it) or "snap" (an
insta snapshot: the SQL is the body after the YAML header). Each file is split as its client
splits it (SQL*Plus, sqlcmd, `db2 -td/`), every statement is parsed, and a JSON report is
printed: {"files": [{"path", "statements", "errors": [{"line", "column", "message"}]}],
"excused": {dialect: [count per unjudgeable kind]}}. A syntax error is never recovered from
silently: every error the lexer or parser reports is in the report, and any error fails the
file. Exit status 0 means the check ran (whatever it found); anything else is a crash.
"""

import json
import re
import sys

import antlr4
from antlr4.error.ErrorListener import ErrorListener
from antlr4.error.ErrorStrategy import BailErrorStrategy
from antlr4.error.Errors import ParseCancellationException

RUNTIME_VERSION = "4.13.2"


class Collect(ErrorListener):
    """Records every syntax error (lexer and parser) with its position."""

    def __init__(self):
        super().__init__()
        self.errors = []

    def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):
        self.errors.append((line, column + 1, msg))


class Dialect:
    def __init__(self, name, module, entry_rule):
        self.name = name
        lexer_module = __import__(module + "Lexer")
        parser_module = __import__(module + "Parser")
        self.lexer_class = getattr(lexer_module, module + "Lexer")
        self.parser_class = getattr(parser_module, module + "Parser")
        self.entry_rule = entry_rule

    def parse(self, text, rule=None):
        """(tree, parser, errors) for `text` parsed with `rule`: SLL first, full LL on failure."""
        rule = rule or self.entry_rule

        def run(mode, bail):
            lexer = self.lexer_class(antlr4.InputStream(text))
            lexer.removeErrorListeners()
            listener = Collect()
            lexer.addErrorListener(listener)
            tokens = antlr4.CommonTokenStream(lexer)
            parser = self.parser_class(tokens)
            parser.removeErrorListeners()
            parser.addErrorListener(listener)
            parser._interp.predictionMode = mode
            if bail:
                parser._errHandler = BailErrorStrategy()
            tree = getattr(parser, rule)()
            return tree, parser, listener.errors

        try:
            tree, parser, errors = run(antlr4.PredictionMode.SLL, True)
            if not errors:
                return tree, parser, errors
        except ParseCancellationException:
            pass
        return run(antlr4.PredictionMode.LL, False)


# ---- Splitting each file as its client does ----

class Statement:
    def __init__(self, line, text, kind="sql"):
        self.line = line  # 1-based line of the statement's first line in the file
        self.text = text
        self.kind = kind


SQLPLUS_COMMANDS = {
    "SET", "PROMPT", "WHENEVER", "SPOOL", "EXIT", "QUIT", "REM", "REMARK", "DEFINE", "UNDEFINE",
    "SHOW", "CONNECT", "DISCONNECT", "HOST", "START", "@", "@@", "PAUSE", "ACCEPT", "VARIABLE",
    "PRINT", "COLUMN", "TTITLE", "BTITLE", "BREAK", "COMPUTE", "CLEAR", "EXECUTE", "EXEC",
}

PLSQL_START = re.compile(
    r"^\s*(DECLARE\b|BEGIN\b|CREATE\s+(OR\s+REPLACE\s+)?((NON)?EDITIONABLE\s+)?"
    r"(TRIGGER|PROCEDURE|FUNCTION|PACKAGE|TYPE|LIBRARY)\b)",
    re.IGNORECASE,
)


def split_sqlplus(text, errors, form):
    """SQL*Plus's reading of a script (SQL*Plus User's Guide and Reference 19c, "Running SQL
    Commands", "Running PL/SQL Blocks", SET SQLBLANKLINES, SET DEFINE): a SQL statement ends at
    a `;` at the end of a line (which runs it) or at a line holding only `/` (which runs the
    buffer); a PL/SQL block (CREATE TRIGGER ..., BEGIN, DECLARE) ends only at the `/` line; a
    blank line inside a SQL statement ends it unrun unless SQLBLANKLINES is ON; a `/` with no
    statement before it runs the previous one again; with DEFINE ON (the default) `&` starts a
    substitution variable. A snapshot is a fragment of a script whose header set DEFINE OFF."""
    out = []
    buf = []
    start = 0
    plsql = False
    define_on = form != "snap"
    blanklines = False
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        s = line.strip()
        if not buf:
            if s == "" or s.startswith("--"):
                continue
            if s == "/":
                errors.append((number, 0, "a '/' line with no statement before it makes SQL*Plus run the previous statement again"))
                continue
            first = s.split()[0].upper()
            if first in SQLPLUS_COMMANDS:
                out.append(Statement(number, s, "sqlplus"))
                m = re.match(r"SET\s+(DEFINE|SQLBLANKLINES|SQLBL)\s+(ON|OFF)\s*$", s, re.IGNORECASE)
                if m:
                    on = m.group(2).upper() == "ON"
                    if m.group(1).upper() == "DEFINE":
                        define_on = on
                    else:
                        blanklines = on
                continue
            start = number
            plsql = bool(PLSQL_START.match(s))
            buf = [line]
        else:
            if s == "/":
                out.append(Statement(start, "\n".join(buf)))
                buf = []
                continue
            if s == "" and not plsql and not blanklines:
                errors.append((number, 0, "a blank line inside a statement ends it in SQL*Plus (SQLBLANKLINES is OFF): the statement started on line %d is never run" % start))
                buf = []
                continue
            buf.append(line)
        if define_on and "&" in line:
            errors.append((number, line.index("&") + 1, "'&' starts a SQL*Plus substitution variable (DEFINE is ON: the script must SET DEFINE OFF first)"))
        if not plsql and s.endswith(";") and not s.startswith("--"):
            buf[-1] = buf[-1].rstrip()[:-1]
            out.append(Statement(start, "\n".join(buf)))
            buf = []
    if buf and any(l.strip() and not l.strip().startswith("--") for l in buf):
        errors.append((start, 0, "statement not terminated (no ';' or '/' line): SQL*Plus never runs it"))
    return out


GO_LINE = re.compile(r"^\s*GO(\s+[0-9]+)?\s*(--.*)?$", re.IGNORECASE)
SQLCMD_COMMAND = re.compile(
    r"^\s*(:(r|setvar|on|exit|quit|connect|out|error|listvar|reset|ed|help|serverlist|xml|perftrace)\b|!!)",
    re.IGNORECASE,
)


def split_sqlcmd(text, errors, form):
    """sqlcmd's reading of a script (sqlcmd utility, "Commands"; GO (Transact-SQL)): a batch
    ends at a line holding only GO (and at the end of the file); a line starting with ':' and a
    sqlcmd command word, or with '!!', is a sqlcmd command; `$(name)` anywhere, string literals
    included, is a scripting variable sqlcmd substitutes (unless run with -x)."""
    out = []
    buf = []
    start = 1
    for number, line in enumerate(text.split("\n"), 1):
        if GO_LINE.match(line):
            if "".join(buf).strip():
                out.append(Statement(start, "\n".join(buf)))
            buf = []
            start = number + 1
            continue
        if SQLCMD_COMMAND.match(line):
            errors.append((number, 0, "sqlcmd reads this line as one of its commands, not T-SQL"))
        if "$(" in line:
            errors.append((number, line.index("$(") + 1, "sqlcmd substitutes '$(...)' as a scripting variable, string literals included"))
        buf.append(line)
    if "".join(buf).strip():
        out.append(Statement(start, "\n".join(buf)))
    return out


def split_db2_clp(text, errors, form):
    """The Db2 command line processor's reading of `db2 -td/ -f FILE` (Db2 11.5 "Command line
    processor options", -t and -tdx): a statement ends where the termination character `/` is
    the last non-blank character of a line; lines starting with `--` are comments."""
    out = []
    buf = []
    start = 0
    for number, line in enumerate(text.split("\n"), 1):
        s = line.rstrip()
        if not buf and (s.strip() == "" or s.lstrip().startswith("--")):
            continue
        if not buf:
            start = number
        if s.lstrip().startswith("--"):
            buf.append(line)
            continue
        if s.endswith("/"):
            buf.append(s[:-1])
            body = "\n".join(buf)
            if body.strip():
                out.append(Statement(start, body))
            else:
                errors.append((number, 0, "a terminator with no statement before it"))
            buf = []
            continue
        buf.append(line)
    if buf and any(l.strip() and not l.strip().startswith("--") for l in buf):
        errors.append((start, 0, "statement not terminated (no line ending in '/'): the CLP never runs it"))
    return out


# ---- Checks beyond the grammar ----

def tsql_variable_errors(tree, parser):
    """Msg 134 (a variable declared twice in one batch) and Msg 137 (a variable used before
    its DECLARE in the batch): T-SQL variables live for one batch (DECLARE @local_variable)."""
    found = []
    declared = set()
    names = parser.ruleNames

    def walk(node):
        if isinstance(node, antlr4.tree.Tree.TerminalNode):
            token = node.symbol
            if token.type == parser.LOCAL_ID:
                rule = names[node.parentCtx.getRuleIndex()]
                name = token.text.upper()
                if rule == "declaredVariable":
                    if name in declared:
                        found.append((token.line, token.column + 1, "the variable name '%s' has already been declared in this batch (Msg 134)" % token.text))
                    declared.add(name)
                elif rule == "variableRef":
                    if name not in declared:
                        found.append((token.line, token.column + 1, "must declare the scalar variable '%s' in this batch (Msg 137)" % token.text))
            return
        for child in node.getChildren():
            walk(child)

    walk(tree)
    return found


# The documented parameters of the system procedures the scripts call, in order
# (system-stored-procedures/sp-addextendedproperty-transact-sql, sp-updateextendedproperty-,
# sp-dropextendedproperty-, sp-rename-transact-sql), and the object types each level takes.
PROCEDURE_PARAMETERS = {
    "SP_ADDEXTENDEDPROPERTY": ["@name", "@value", "@level0type", "@level0name", "@level1type", "@level1name", "@level2type", "@level2name"],
    "SP_UPDATEEXTENDEDPROPERTY": ["@name", "@value", "@level0type", "@level0name", "@level1type", "@level1name", "@level2type", "@level2name"],
    "SP_DROPEXTENDEDPROPERTY": ["@name", "@level0type", "@level0name", "@level1type", "@level1name", "@level2type", "@level2name"],
    "SP_RENAME": ["@objname", "@newname", "@objtype"],
}
LEVEL_TYPES = {
    "@level0type": {"ASSEMBLY", "CONTRACT", "EVENT NOTIFICATION", "FILEGROUP", "MESSAGE TYPE", "PARTITION FUNCTION", "PARTITION SCHEME", "PLAN GUIDE", "REMOTE SERVICE BINDING", "ROUTE", "SCHEMA", "SERVICE", "USER", "TRIGGER", "TYPE"},
    "@level1type": {"AGGREGATE", "DEFAULT", "FUNCTION", "LOGICAL FILE NAME", "PROCEDURE", "QUEUE", "RULE", "SEQUENCE", "SYNONYM", "TABLE", "TABLE_TYPE", "TYPE", "VIEW", "XML SCHEMA COLLECTION"},
    "@level2type": {"COLUMN", "CONSTRAINT", "EVENT NOTIFICATION", "INDEX", "PARAMETER", "TRIGGER"},
}
SP_RENAME_TYPES = {"COLUMN", "DATABASE", "INDEX", "OBJECT", "STATISTICS", "USERDATATYPE"}


def tsql_procedure_errors(tree, parser):
    """EXECUTE of the system procedures above: parameters by position or by their documented
    names in order, no positional one after a named one (Msg 119), no more than documented;
    the level types from the documented lists; an extended property's value at most 7,500
    bytes (an N'' literal is UTF-16: 2 bytes a code unit); sp_rename's object type."""
    found = []
    names = parser.ruleNames

    def string_value(ctx):
        text = ctx.getText()
        if ctx.start is ctx.stop and ctx.start.type == parser.STRING:
            body = text[1:] if text[0] in "nN" else text
            return body[1:-1].replace("''", "'"), text[0] in "nN"
        return None, False

    def check(node):
        proc = node.procedureName().getText().upper().split(".")[-1].strip("[]")
        expected = PROCEDURE_PARAMETERS.get(proc)
        if expected is None:
            return
        args = node.execArgument()
        line, column = node.start.line, node.start.column + 1
        if len(args) > len(expected):
            found.append((line, column, "%s takes at most %d parameters, not %d" % (proc.lower(), len(expected), len(args))))
            return
        named = False
        for position, arg in enumerate(args):
            pname = arg.parameterName()
            if pname is not None:
                named = True
                if pname.getText().lower() != expected[position]:
                    found.append((pname.start.line, pname.start.column + 1, "parameter %d of %s is %s, not %s" % (position + 1, proc.lower(), expected[position], pname.getText())))
                    continue
            elif named:
                found.append((arg.start.line, arg.start.column + 1, "must pass parameter number %d and subsequent parameters as '@name = value' (Msg 119)" % (position + 1)))
                continue
            role = expected[position]
            value, national = string_value(arg.expression()) if arg.expression() is not None else (None, False)
            if role in LEVEL_TYPES and value is not None and value.upper() not in LEVEL_TYPES[role]:
                found.append((arg.start.line, arg.start.column + 1, "%s '%s' is not one of the documented object types" % (role, value)))
            if role == "@value" and value is not None:
                size = len(value.encode("utf-16-le")) if national else len(value.encode("utf-8"))
                if size > 7500:
                    found.append((arg.start.line, arg.start.column + 1, "an extended property's value is at most 7,500 bytes; this one is %d" % size))
            if proc == "SP_RENAME" and role == "@objtype" and value is not None and value.upper() not in SP_RENAME_TYPES:
                found.append((arg.start.line, arg.start.column + 1, "sp_rename's @objtype '%s' is not one of the documented types" % value))

    def walk(node):
        if isinstance(node, antlr4.tree.Tree.TerminalNode):
            return
        if names[node.getRuleIndex()] == "execStatement" and node.procedureName() is not None:
            check(node)
        for child in node.getChildren():
            walk(child)

    walk(tree)
    return found


def main():
    parser_dir, request_path = sys.argv[1], sys.argv[2]
    sys.path.insert(0, parser_dir)
    with open(request_path) as f:
        request = json.load(f)
    known = {
        "oracle": (("oracle", "OracleDdl", "statementOnly"), split_sqlplus),
        "mssql": (("mssql", "TsqlDdl", "batchOnly"), split_sqlcmd),
        "db2": (("db2", "Db2Ddl", "statementOnly"), split_db2_clp),
    }
    loaded = {}
    unjudgeable = request.get("unjudgeable", {})
    excused = {d: [0] * len(unjudgeable.get(d, [])) for d in known}
    report = []
    for entry in request["files"]:
        args, split = known[entry["dialect"]]
        if entry["dialect"] not in loaded:
            loaded[entry["dialect"]] = Dialect(*args)
        dialect = loaded[entry["dialect"]]
        with open(entry["path"], encoding="utf-8") as f:
            text = f.read()
        offset = 0
        if entry["form"] == "snap":
            # insta: "---\n<yaml>\n---\n<body>"
            head, sep, body = text.partition("\n---\n")
            if not text.startswith("---\n") or not sep:
                raise SystemExit("%s: not an insta snapshot" % entry["path"])
            offset = head.count("\n") + 2
            text = body
        if text.endswith("\n"):
            text = text[:-1]  # the newline that ends the last line starts no line
        errors = []
        statements = split(text, errors, entry["form"])
        count = 0
        for statement in statements:
            if statement.kind == "sqlplus":
                _, _, found = dialect.parse(statement.text, "sqlplusOnly")
                errors.extend((statement.line, c, m) for _, c, m in found)
                continue
            code = re.sub(r"^(\s*--[^\n]*\n)*\s*", "", statement.text).upper()
            kinds = unjudgeable.get(entry["dialect"], [])
            hit = next((i for i, u in enumerate(kinds) if code.startswith(u["starts_with"].upper())), None)
            if hit is not None:
                excused[entry["dialect"]][hit] += 1
                continue
            tree, parser, found = dialect.parse(statement.text)
            if entry["dialect"] == "mssql":
                count += len(tree.statement()) if not found else 1
            else:
                count += 1
            if not found and entry["dialect"] == "mssql":
                found = tsql_variable_errors(tree, parser) + tsql_procedure_errors(tree, parser)
            if not found:
                found = name_length_errors(entry["dialect"], parser, text)
            if not found and entry["dialect"] in COMMENT_LIMIT:
                found = comment_length_errors(entry["dialect"], tree, parser)
            if not found and entry["dialect"] == "oracle":
                found = oracle_version_errors(tree, parser, oracle_version(text))
            if not found and entry["dialect"] == "db2":
                found = db2_admin_command_errors(dialect, tree, parser)
            errors.extend((statement.line + l - 1, c, m) for l, c, m in found)
        errors.sort()
        report.append({
            "path": entry["path"],
            "statements": count,
            "errors": [{"line": l + offset, "column": c, "message": m} for l, c, m in errors],
        })
    json.dump({"runtime": RUNTIME_VERSION, "files": report, "excused": excused}, sys.stdout)
    sys.stdout.write("\n")


# The longest comment each dialect stores: Oracle COMMENT, "up to 4000 bytes" (19/sqlrf/
# COMMENT.html); Db2 COMMENT, 254 bytes (statements-comment; SQL0107N past it).
COMMENT_LIMIT = {"oracle": 4000, "db2": 254}


def comment_length_errors(dialect, tree, parser):
    """A COMMENT ON text longer than the dialect stores."""
    found = []
    names = parser.ruleNames
    limit = COMMENT_LIMIT[dialect]

    def walk(node):
        if isinstance(node, antlr4.tree.Tree.TerminalNode):
            if node.symbol.type == parser.STRING and names[node.parentCtx.getRuleIndex()] == "commentOn":
                text = node.symbol.text
                body = (text[1:] if text[0] in "nN" else text)[1:-1].replace("''", "'")
                size = len(body.encode("utf-8"))
                if size > limit:
                    found.append((node.symbol.line, node.symbol.column + 1, "a comment holds at most %d bytes; this one is %d" % (limit, size)))
            return
        for child in node.getChildren():
            walk(child)

    walk(tree)
    return found


def oracle_version(text):
    """The major version a script's header targets (`-- Dialect: oracle (target version
    19c)`); 19 (the products' target) where the header does not say."""
    return oracle_release(text)[0]


def oracle_release(text):
    """(major, minor) of the header's target version: 11.2 is (11, 2), 19c is (19, 0)."""
    m = re.search(r"^-- Dialect: oracle \(target version ([0-9]+)(?:\.([0-9]+))?", text, re.MULTILINE)
    return (int(m.group(1)), int(m.group(2) or 0)) if m else (19, 0)


def name_length_errors(dialect, parser, text):
    """Names longer than the dialect allows: Oracle 128 bytes from 12.2 on, 30 before
    (Database Object Names and Qualifiers); SQL Server 128 characters (sysname, Database
    Identifiers); Db2 11.5 128 bytes for tables, columns, constraints, indexes, sequences and
    triggers (SQL and XML limits)."""
    found = []
    kinds = {getattr(parser, n) for n in ("REGULAR_ID", "QUOTED_ID", "BRACKET_ID", "DOUBLE_QUOTE_ID") if hasattr(parser, n)}
    if dialect == "oracle":
        limit, unit = (128, "bytes") if oracle_release(text) >= (12, 2) else (30, "bytes")
    elif dialect == "mssql":
        limit, unit = 128, "characters"
    else:
        limit, unit = 128, "bytes"
    for token in parser.getTokenStream().tokens:
        if token.type not in kinds:
            continue
        name = token.text
        if name[0] in "\"[":
            name = name[1:-1]
        size = len(name) if unit == "characters" else len(name.encode("utf-8"))
        if size > limit:
            found.append((token.line, token.column + 1, "the name %s is %d %s long; the limit is %d" % (token.text[:40] + "...", size, unit, limit)))
    return found


# Rules of OracleDdl.g4 for forms that need a later release than some targets: identity
# columns from 12c (CREATE TABLE identity_clause, 12.1), BOOLEAN and JSON columns from 23ai.
ORACLE_MINIMUM_VERSION = {"identityClause": (12, "identity columns are"), "datatype23ai": (23, "%s is")}


def oracle_version_errors(tree, parser, version):
    """A form the file's target version does not have."""
    found = []
    names = parser.ruleNames

    def walk(node):
        if isinstance(node, antlr4.tree.Tree.TerminalNode):
            return
        rule = names[node.getRuleIndex()]
        if rule in ORACLE_MINIMUM_VERSION and version < ORACLE_MINIMUM_VERSION[rule][0]:
            minimum, what = ORACLE_MINIMUM_VERSION[rule]
            what = what % node.getText().upper() if "%s" in what else what
            found.append((node.start.line, node.start.column + 1, "%s Oracle %s and later; the script targets %d" % (what, "23ai" if minimum == 23 else "12c", version)))
        for child in node.getChildren():
            walk(child)

    walk(tree)
    return found


def db2_admin_command_errors(dialect, tree, parser):
    """The command in CALL SYSPROC.ADMIN_CMD('...') is parsed too (rule adminCommandOnly)."""
    found = []
    names = parser.ruleNames

    def walk(node):
        if isinstance(node, antlr4.tree.Tree.TerminalNode):
            return
        if names[node.getRuleIndex()] == "callStatement":
            name = node.procedureName().getText().upper()
            args = node.callArgument()
            if name in ("SYSPROC.ADMIN_CMD", "ADMIN_CMD"):
                token = args[0].start if args else node.start
                if len(args) != 1 or token.type != parser.STRING or args[0].stop is not token:
                    found.append((token.line, token.column + 1, "ADMIN_CMD takes one argument, the command string"))
                    return
                command = token.text[1:-1].replace("''", "'")
                _, _, errs = dialect.parse(command, "adminCommandOnly")
                found.extend((token.line, token.column + 1, "in ADMIN_CMD's command: " + m) for _, _, m in errs)
            return
        for child in node.getChildren():
            walk(child)

    walk(tree)
    return found


if __name__ == "__main__":
    main()
