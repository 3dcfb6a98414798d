// The SQL Server 2016+ Transact-SQL schemagen emits, written from Microsoft's Transact-SQL
// reference (learn.microsoft.com/en-us/sql/t-sql/..., the pages named at each rule), not from
// schemagen's output. The input is one batch as sqlcmd sends it (tests/grammars/check.py splits
// a script at its GO lines). Strict where SQL Server is:
//
// - <column_definition> (statements/create-table-transact-sql): the data type follows the
//   column name (`ID IDENTITY(1,1) INT` is an error); IDENTITY takes both seed and increment
//   or neither; DEFAULT takes a constant_expression (a literal, NULL, a function call), never a
//   column; the column options (NULL/NOT NULL, DEFAULT, IDENTITY, constraints) in any order,
//   as SQL Server accepts them (`IDENTITY(1,1) NOT NULL` and `NOT NULL IDENTITY(1,1)` alike);
// - data types are the system data types (t-sql/data-types/data-types-transact-sql): MAX only
//   for varchar, nvarchar and varbinary; int, bigint, smallint, tinyint, bit, datetime, date,
//   money ... take no length (`INT(11)` is Msg 2716); no TEXT-like names SQL Server lacks
//   (CLOB, BLOB, VARCHAR2, NUMBER, BOOLEAN, DATETIME(3));
// - a filtered index's WHERE is the documented filter_predicate (statements/create-index-
//   transact-sql): conjunctions of `column op constant`, `column IS [NOT] NULL`, `column IN
//   (constants)`, no OR;
// - an unquoted identifier may not be a reserved keyword (language-elements/reserved-keywords-
//   transact-sql): KEY, FILE, PERCENT, USER, ... must be bracketed.
grammar TsqlDdl;

options { caseInsensitive = true; }

// One batch (GO ends it): statements, each optionally ended by ';'.
batchOnly : (statement ';'? | ';')* EOF ;

statement
    : ifStatement
    | createTable
    | createIndex
    | alterTable
    | dropTable
    | dropIndex
    | declareStatement
    | execStatement
    | insertStatement
    | updateStatement
    | deleteStatement
    | setStatement
    | transactionStatement
    | printStatement
    ;

// IF...ELSE (language-elements/if-else-transact-sql).
ifStatement
    : IF searchCondition statement ';'? (ELSE statement)?
    ;

// CREATE TABLE (statements/create-table-transact-sql).
createTable
    : CREATE TABLE fullName '(' tableElement (',' tableElement)* ')' (ON identifier)? (TEXTIMAGE_ON identifier)?
    ;

tableElement
    : columnDefinition
    | tableConstraint
    ;

columnDefinition
    : identifier datatype columnOption*
    ;

columnOption
    : COLLATE identifier
    | NULL
    | NOT NULL
    | (CONSTRAINT identifier)? DEFAULT constantExpression (WITH VALUES)?
    | IDENTITY ('(' signedNumber ',' signedNumber ')')? (NOT FOR REPLICATION)?
    | ROWGUIDCOL
    | SPARSE
    | (CONSTRAINT identifier)? (PRIMARY KEY | UNIQUE) (CLUSTERED | NONCLUSTERED)?
    | (CONSTRAINT identifier)? (FOREIGN KEY)? REFERENCES fullName ('(' identifier ')')? referentialAction* (NOT FOR REPLICATION)?
    | (CONSTRAINT identifier)? CHECK (NOT FOR REPLICATION)? '(' searchCondition ')'
    ;

// <table_constraint>.
tableConstraint
    : (CONSTRAINT identifier)?
      ( (PRIMARY KEY | UNIQUE) (CLUSTERED | NONCLUSTERED)? '(' indexColumn (',' indexColumn)* ')' (ON identifier)?
      | FOREIGN KEY columnList REFERENCES fullName columnList? referentialAction* (NOT FOR REPLICATION)?
      | CHECK (NOT FOR REPLICATION)? '(' searchCondition ')'
      )
    ;

referentialAction
    : ON (DELETE | UPDATE) (NO ACTION | CASCADE | SET NULL | SET DEFAULT)
    ;

columnList : '(' identifier (',' identifier)* ')' ;

indexColumn : identifier (ASC | DESC)? ;

// constant_expression: a literal, NULL or a system function, in parentheses or not.
constantExpression
    : '(' constantExpression ')'
    | ('+' | '-') constantExpression
    | literal
    | NULL
    | castExpression
    | functionCall
    | niladicFunction
    ;

// CAST (functions/cast-and-convert-transact-sql).
castExpression : CAST '(' expression AS datatype ')' ;

// Data types (data-types/data-types-transact-sql), with the ANSI synonyms SQL Server accepts.
datatype
    : (BIGINT | INT | INTEGER | SMALLINT | TINYINT | BIT | MONEY | SMALLMONEY | REAL | DATE
      | DATETIME | SMALLDATETIME | TEXT | NTEXT | IMAGE | ROWVERSION | TIMESTAMP
      | UNIQUEIDENTIFIER | SQL_VARIANT | XML | HIERARCHYID | GEOMETRY | GEOGRAPHY | SYSNAME)
    | (DECIMAL | NUMERIC | DEC) ('(' UNSIGNED_INTEGER (',' UNSIGNED_INTEGER)? ')')?
    | FLOAT ('(' UNSIGNED_INTEGER ')')?
    | DOUBLE PRECISION
    | (TIME | DATETIME2 | DATETIMEOFFSET) ('(' UNSIGNED_INTEGER ')')?
    | (CHAR | CHARACTER | NCHAR | NATIONAL (CHAR | CHARACTER) | BINARY) ('(' UNSIGNED_INTEGER ')')?
    | (VARCHAR | (CHAR | CHARACTER) VARYING | NVARCHAR | NATIONAL (CHAR | CHARACTER) VARYING
      | VARBINARY | BINARY VARYING) ('(' (UNSIGNED_INTEGER | MAX) ')')?
    ;

// CREATE INDEX (statements/create-index-transact-sql), with the filter_predicate.
createIndex
    : CREATE UNIQUE? (CLUSTERED | NONCLUSTERED)? INDEX identifier ON fullName
      '(' indexColumn (',' indexColumn)* ')'
      (INCLUDE columnList)?
      (WHERE filterPredicate)?
      (ON identifier)?
    ;

filterPredicate : filterConjunct (AND filterConjunct)* ;

filterConjunct
    : identifier IN '(' filterConstant (',' filterConstant)* ')'
    | identifier IS NOT? NULL
    | identifier comparisonOperator filterConstant
    | '(' filterPredicate ')'
    ;

filterConstant : ('+' | '-')? literal | NULL ;

// ALTER TABLE (statements/alter-table-transact-sql).
alterTable
    : ALTER TABLE fullName
      ( ALTER COLUMN identifier datatype (COLLATE identifier)? (NULL | NOT NULL)? SPARSE?
      | (WITH (CHECK | NOCHECK))? ADD alterAddItem (',' alterAddItem)*
      | DROP alterDropItem (',' alterDropItem)*
      | (WITH (CHECK | NOCHECK))? (CHECK | NOCHECK) CONSTRAINT (ALL | identifier (',' identifier)*)
      )
    ;

alterAddItem
    : columnDefinition
    | tableConstraint
    | (CONSTRAINT identifier)? DEFAULT constantExpression FOR identifier (WITH VALUES)?
    ;

alterDropItem
    : CONSTRAINT? (IF EXISTS)? identifier
    | COLUMN (IF EXISTS)? identifier (',' identifier)*
    ;

// DROP TABLE, DROP INDEX (statements/drop-table-transact-sql, drop-index-transact-sql).
dropTable : DROP TABLE (IF EXISTS)? fullName (',' fullName)* ;
dropIndex : DROP INDEX (IF EXISTS)? identifier ON fullName (',' identifier ON fullName)* ;

// DECLARE @local_variable (language-elements/declare-local-variable-transact-sql).
declareStatement
    : DECLARE declaredVariable AS? datatype ('=' expression)? (',' declaredVariable AS? datatype ('=' expression)?)*
    ;

declaredVariable : LOCAL_ID ;

// EXECUTE (language-elements/execute-transact-sql): a procedure with positional or named
// parameters, or a character string (a variable or literal) in parentheses.
execStatement
    : (EXEC | EXECUTE) '(' expression ')'
    | (EXEC | EXECUTE) procedureName (execArgument (',' execArgument)*)?
    ;

procedureName : fullName ;

execArgument : (parameterName '=')? (expression | DEFAULT) (OUTPUT | OUT)? ;

parameterName : LOCAL_ID ;

// INSERT, UPDATE, DELETE (statements/insert-transact-sql, queries/update-..., delete-...).
insertStatement
    : INSERT INTO? fullName columnList? VALUES rowValues (',' rowValues)*
    ;

rowValues : '(' (expression | DEFAULT) (',' (expression | DEFAULT))* ')' ;

updateStatement
    : UPDATE fullName SET identifier '=' expression (',' identifier '=' expression)* (WHERE searchCondition)?
    ;

deleteStatement
    : DELETE FROM? fullName (WHERE searchCondition)?
    ;

// SET statements (statements/set-statements-transact-sql).
setStatement
    : SET IDENTITY_INSERT fullName (ON | OFF)
    | SET (ANSI_NULLS | QUOTED_IDENTIFIER | NOCOUNT | XACT_ABORT | ANSI_PADDING | ANSI_WARNINGS) (ON | OFF)
    | SET variableRef '=' expression
    ;

transactionStatement
    : BEGIN (TRAN | TRANSACTION)
    | COMMIT (TRAN | TRANSACTION)?
    | ROLLBACK (TRAN | TRANSACTION)?
    ;

printStatement : PRINT expression ;

// SELECT (queries/select-transact-sql), the subset the guards use.
selectStatement
    : SELECT (TOP '(' expression ')' | TOP UNSIGNED_INTEGER)? selectList (FROM tableSource (',' tableSource)*)? (WHERE searchCondition)?
    ;

selectList : '*' | selectItem (',' selectItem)* ;

selectItem : expression (AS? identifier)? ;

tableSource : (functionCall | fullName) (AS? identifier)? ;

// Search conditions and expressions (queries/search-condition-transact-sql,
// language-elements/expressions-transact-sql).
searchCondition
    : NOT searchCondition
    | searchCondition AND searchCondition
    | searchCondition OR searchCondition
    | '(' searchCondition ')'
    | predicate
    ;

predicate
    : EXISTS '(' selectStatement ')'
    | expression comparisonOperator expression
    | expression IS NOT? NULL
    | expression NOT? IN '(' (selectStatement | expression (',' expression)*) ')'
    | expression NOT? LIKE expression
    | expression NOT? BETWEEN expression AND expression
    ;

comparisonOperator : '=' | '<>' | '!=' | '<' | '>' | '<=' | '>=' ;

expression
    : '(' selectStatement ')'
    | '(' expression ')'
    | ('+' | '-' | '~') expression
    | expression ('*' | '/' | '%') expression
    | expression ('+' | '-' | '&' | '|' | '^') expression
    | literal
    | NULL
    | variableRef
    | castExpression
    | functionCall
    | niladicFunction
    | fullName
    ;

variableRef : LOCAL_ID ;

functionCall : fullName '(' (expression (',' expression)*)? ')' ;

niladicFunction : CURRENT_TIMESTAMP | CURRENT_USER | SESSION_USER | SYSTEM_USER | USER ;

literal : STRING | UNSIGNED_INTEGER | DECIMAL_LITERAL | FLOAT_LITERAL | BINARY_LITERAL ;

signedNumber : ('+' | '-')? UNSIGNED_INTEGER ;

// Database identifiers (databases/database-identifiers): up to four parts.
fullName : identifier ('.' identifier? ('.' identifier? ('.' identifier)?)?)? ;

identifier : REGULAR_ID | BRACKET_ID | DOUBLE_QUOTE_ID | nonReserved ;

nonReserved
    : ACTION | CAST | ANSI_NULLS | ANSI_PADDING | ANSI_WARNINGS | BIGINT | BINARY | BIT | CHAR | CHARACTER | DATE | DATETIME
    | DATETIME2 | DATETIMEOFFSET | DEC | DECIMAL | FLOAT | GEOGRAPHY | GEOMETRY | HIERARCHYID
    | IMAGE | INCLUDE | INT | INTEGER | MAX | MONEY | NCHAR | NOCOUNT | NTEXT | NUMERIC | NVARCHAR | NO
    | OUT | OUTPUT | QUOTED_IDENTIFIER | REAL | ROWVERSION | SMALLDATETIME | SMALLINT | SMALLMONEY
    | SPARSE | SQL_VARIANT | SYSNAME | TEXT | TEXTIMAGE_ON | TIME | TIMESTAMP | TINYINT | UNIQUEIDENTIFIER
    | VARBINARY | VARCHAR | XACT_ABORT | XML
    ;

// ---- Lexer ----

// Reserved keywords this grammar uses (language-elements/reserved-keywords-transact-sql).
ADD : 'ADD'; ALL : 'ALL'; ALTER : 'ALTER'; AND : 'AND'; AS : 'AS'; ASC : 'ASC'; BEGIN : 'BEGIN';
BETWEEN : 'BETWEEN'; CASCADE : 'CASCADE'; CHECK : 'CHECK'; CLUSTERED : 'CLUSTERED';
COLLATE : 'COLLATE'; COLUMN : 'COLUMN'; COMMIT : 'COMMIT'; CONSTRAINT : 'CONSTRAINT';
CREATE : 'CREATE'; CURRENT_TIMESTAMP : 'CURRENT_TIMESTAMP'; CURRENT_USER : 'CURRENT_USER';
DECLARE : 'DECLARE'; DEFAULT : 'DEFAULT'; DELETE : 'DELETE'; DESC : 'DESC'; DOUBLE : 'DOUBLE';
DROP : 'DROP'; ELSE : 'ELSE'; EXEC : 'EXEC'; EXECUTE : 'EXECUTE'; EXISTS : 'EXISTS'; FOR : 'FOR';
FOREIGN : 'FOREIGN'; FROM : 'FROM'; IDENTITY : 'IDENTITY'; IDENTITY_INSERT : 'IDENTITY_INSERT';
IF : 'IF'; IN : 'IN'; INDEX : 'INDEX'; INSERT : 'INSERT'; INTO : 'INTO'; IS : 'IS'; KEY : 'KEY';
LIKE : 'LIKE'; NATIONAL : 'NATIONAL'; NOCHECK : 'NOCHECK'; NONCLUSTERED : 'NONCLUSTERED';
NOT : 'NOT'; NULL : 'NULL'; OFF : 'OFF'; ON : 'ON'; OR : 'OR'; PRECISION : 'PRECISION';
PRIMARY : 'PRIMARY'; PRINT : 'PRINT'; REFERENCES : 'REFERENCES'; REPLICATION : 'REPLICATION';
ROLLBACK : 'ROLLBACK'; ROWGUIDCOL : 'ROWGUIDCOL'; SELECT : 'SELECT'; SESSION_USER : 'SESSION_USER';
SET : 'SET'; SYSTEM_USER : 'SYSTEM_USER'; TABLE : 'TABLE'; TOP : 'TOP'; TRAN : 'TRAN';
TRANSACTION : 'TRANSACTION'; UNIQUE : 'UNIQUE'; UPDATE : 'UPDATE'; USER : 'USER';
VALUES : 'VALUES'; VARYING : 'VARYING'; WHERE : 'WHERE'; WITH : 'WITH';

// The other reserved keywords: never a name unbracketed.
RESERVED_WORD
    : 'AUTHORIZATION' | 'BACKUP' | 'BREAK' | 'BROWSE' | 'BULK' | 'BY' | 'CASE' | 'CHECKPOINT'
    | 'CLOSE' | 'COALESCE' | 'COMPUTE' | 'CONTAINS' | 'CONTAINSTABLE' | 'CONTINUE' | 'CONVERT'
    | 'CROSS' | 'CURRENT' | 'CURRENT_DATE' | 'CURRENT_TIME' | 'CURSOR' | 'DATABASE' | 'DBCC'
    | 'DEALLOCATE' | 'DENY' | 'DISK' | 'DISTINCT' | 'DISTRIBUTED' | 'DUMP' | 'END' | 'ERRLVL'
    | 'ESCAPE' | 'EXCEPT' | 'EXIT' | 'EXTERNAL' | 'FETCH' | 'FILE' | 'FILLFACTOR' | 'FREETEXT'
    | 'FREETEXTTABLE' | 'FULL' | 'FUNCTION' | 'GOTO' | 'GRANT' | 'GROUP' | 'HAVING' | 'HOLDLOCK'
    | 'IDENTITYCOL' | 'INNER' | 'INTERSECT' | 'JOIN' | 'KILL' | 'LEFT' | 'LINENO' | 'LOAD'
    | 'MERGE' | 'NULLIF' | 'OF' | 'OFFSETS' | 'OPEN' | 'OPENDATASOURCE' | 'OPENQUERY'
    | 'OPENROWSET' | 'OPENXML' | 'OPTION' | 'ORDER' | 'OUTER' | 'OVER' | 'PERCENT' | 'PIVOT'
    | 'PLAN' | 'PROC' | 'PROCEDURE' | 'PUBLIC' | 'RAISERROR' | 'READ' | 'READTEXT' | 'RECONFIGURE'
    | 'RESTORE' | 'RESTRICT' | 'RETURN' | 'REVERT' | 'REVOKE' | 'RIGHT' | 'ROWCOUNT' | 'RULE'
    | 'SAVE' | 'SCHEMA' | 'SECURITYAUDIT' | 'SEMANTICKEYPHRASETABLE'
    | 'SEMANTICSIMILARITYDETAILSTABLE' | 'SEMANTICSIMILARITYTABLE' | 'SETUSER' | 'SHUTDOWN'
    | 'SOME' | 'STATISTICS' | 'TABLESAMPLE' | 'TEXTSIZE' | 'THEN' | 'TO' | 'TRIGGER' | 'TRUNCATE'
    | 'TRY_CONVERT' | 'TSEQUAL' | 'UNION' | 'UNPIVOT' | 'UPDATETEXT' | 'USE' | 'VIEW' | 'WAITFOR'
    | 'WHEN' | 'WHILE' | 'WITHIN' | 'WRITETEXT'
    ;

// Keywords SQL Server does not reserve (also names: see nonReserved).
ACTION : 'ACTION'; CAST : 'CAST'; ANSI_NULLS : 'ANSI_NULLS'; ANSI_PADDING : 'ANSI_PADDING'; ANSI_WARNINGS : 'ANSI_WARNINGS';
BIGINT : 'BIGINT'; BINARY : 'BINARY'; BIT : 'BIT'; CHAR : 'CHAR'; CHARACTER : 'CHARACTER';
DATE : 'DATE'; DATETIME : 'DATETIME'; DATETIME2 : 'DATETIME2'; DATETIMEOFFSET : 'DATETIMEOFFSET';
DEC : 'DEC'; DECIMAL : 'DECIMAL'; FLOAT : 'FLOAT'; GEOGRAPHY : 'GEOGRAPHY'; GEOMETRY : 'GEOMETRY';
HIERARCHYID : 'HIERARCHYID'; IMAGE : 'IMAGE'; INCLUDE : 'INCLUDE'; INT : 'INT'; INTEGER : 'INTEGER';
MAX : 'MAX'; MONEY : 'MONEY'; NCHAR : 'NCHAR'; NO : 'NO'; NOCOUNT : 'NOCOUNT'; NTEXT : 'NTEXT';
NUMERIC : 'NUMERIC'; NVARCHAR : 'NVARCHAR'; OUT : 'OUT'; OUTPUT : 'OUTPUT';
QUOTED_IDENTIFIER : 'QUOTED_IDENTIFIER'; REAL : 'REAL'; ROWVERSION : 'ROWVERSION';
SMALLDATETIME : 'SMALLDATETIME'; SMALLINT : 'SMALLINT'; SMALLMONEY : 'SMALLMONEY';
SPARSE : 'SPARSE'; SQL_VARIANT : 'SQL_VARIANT'; SYSNAME : 'SYSNAME'; TEXT : 'TEXT';
TEXTIMAGE_ON : 'TEXTIMAGE_ON'; TIME : 'TIME'; TIMESTAMP : 'TIMESTAMP'; TINYINT : 'TINYINT';
UNIQUEIDENTIFIER : 'UNIQUEIDENTIFIER'; VARBINARY : 'VARBINARY'; VARCHAR : 'VARCHAR';
XACT_ABORT : 'XACT_ABORT'; XML : 'XML';

// Constants (data-types/constants-transact-sql).
STRING : 'N'? '\'' (~'\'' | '\'\'')* '\'' ;
BINARY_LITERAL : '0X' [0-9A-F]* ;
FLOAT_LITERAL : ([0-9]+ ('.' [0-9]*)? | '.' [0-9]+) 'E' [+-]? [0-9]+ ;
DECIMAL_LITERAL : [0-9]+ '.' [0-9]* | '.' [0-9]+ ;
UNSIGNED_INTEGER : [0-9]+ ;

// Identifiers (databases/database-identifiers): regular ones start with a letter, _ or #;
// delimited ones are in brackets (]] for a ]) or double quotes (QUOTED_IDENTIFIER ON).
LOCAL_ID : '@' [A-Z0-9_@$#]+ ;
REGULAR_ID : [A-Z_#] [A-Z0-9_@$#]* ;
BRACKET_ID : '[' (~']' | ']]')+ ']' ;
DOUBLE_QUOTE_ID : '"' (~'"' | '""')+ '"' ;

LINE_COMMENT : '--' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' (BLOCK_COMMENT | .)*? '*/' -> channel(HIDDEN) ;
WS : [ \t\r\n]+ -> channel(HIDDEN) ;

// Anything else is a token no rule accepts: a syntax error, never skipped.
ERROR_CHAR : . ;
