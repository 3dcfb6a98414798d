// The Db2 11.5 for Linux, UNIX and Windows SQL schemagen emits, written from IBM's Db2 11.5 SQL
// Reference (ibm.com/docs/en/db2/11.5?topic=statements-..., the statement pages named at each
// rule), not from schemagen's output. A statement arrives here as `db2 -td/ -f FILE` sends it:
// split by tests/grammars/check.py where `/` ends a line, without the terminator. Strict where
// Db2 is:
//
// - built-in-type (CREATE TABLE, "column-definition", data-type): VARCHAR, VARBINARY,
//   VARGRAPHIC, NVARCHAR need a length; CLOB, BLOB, DBCLOB take `(n[K|M|G])`; SMALLINT,
//   INTEGER, BIGINT, DATE, TIME, BOOLEAN take none (no `INT(11)`); no TEXT, DATETIME, BIT,
//   TINYINT, VARCHAR2, NUMBER (not Db2 types);
// - column-options in any order (the diagram repeats them): NOT NULL, default-clause,
//   generated-clause (GENERATED ALWAYS | BY DEFAULT AS IDENTITY (identity-options)), constraints;
// - the ALTER TABLE column-alteration forms: SET DATA TYPE, SET DEFAULT, DROP DEFAULT,
//   SET NOT NULL, DROP NOT NULL, identity-alteration (SET MAXVALUE ...);
// - CREATE SEQUENCE (AS data-type, NO CACHE ...) and CREATE TRIGGER (NO CASCADE BEFORE,
//   REFERENCING NEW AS, FOR EACH ROW, MODE DB2SQL, BEGIN ATOMIC ... END) as documented;
// - a compiled compound statement declares its variables before its statements.
grammar Db2Ddl;

options { caseInsensitive = true; }

statementOnly : statement EOF ;

// The command text of CALL SYSPROC.ADMIN_CMD('...') (ADMIN_CMD procedure; REORG TABLE command).
adminCommandOnly : adminCommand EOF ;

adminCommand
    : REORG TABLE tableName (INPLACE | ALLOW (READ | NO) ACCESS)*
    | RUNSTATS ON TABLE tableName (WITH DISTRIBUTION)? (AND (DETAILED)? INDEXES ALL)?
    ;

statement
    : createTable
    | createIndex
    | createSequence
    | createTrigger
    | commentOn
    | alterTable
    | renameTable
    | dropStatement
    | insertStatement
    | updateStatement
    | deleteStatement
    | callStatement
    | compoundCompiled
    | COMMIT WORK?
    ;

// CREATE TABLE (statements-create-table).
createTable
    : CREATE TABLE tableName '(' tableElement (',' tableElement)* ')' (IN identifier (INDEX IN identifier)? (LONG IN identifier)?)?
    ;

tableElement
    : columnDefinition
    | tableConstraint
    ;

columnDefinition
    : columnName dataType columnOption*
    ;

columnOption
    : NOT NULL
    | (CONSTRAINT constraintName)? (PRIMARY KEY | UNIQUE)
    | (CONSTRAINT constraintName)? referencesClause
    | (CONSTRAINT constraintName)? CHECK '(' condition ')'
    | WITH? DEFAULT defaultValue?
    | GENERATED (ALWAYS | BY DEFAULT) AS IDENTITY ('(' identityOption (','? identityOption)* ')')?
    | INLINE LENGTH UNSIGNED_INTEGER
    | NOT? LOGGED
    | NOT? COMPACT
    | IMPLICITLY HIDDEN_
    ;

// default-clause: a constant, a special register, a cast function, or NULL.
defaultValue
    : ('+' | '-')? numberLiteral
    | STRING
    | NULL
    | TRUE | FALSE
    | specialRegister
    | CAST '(' (defaultValue) AS dataType ')'
    ;

specialRegister
    : CURRENT (DATE | TIME | TIMESTAMP) | CURRENT_DATE | CURRENT_TIME | CURRENT_TIMESTAMP
    | USER | CURRENT USER | SESSION_USER | SYSTEM_USER | CURRENT SCHEMA
    ;

// identity-options (CREATE TABLE, generated-clause).
identityOption
    : START WITH signedInteger
    | INCREMENT BY signedInteger
    | MINVALUE signedInteger | NO MINVALUE
    | MAXVALUE signedInteger | NO MAXVALUE
    | CYCLE | NO CYCLE
    | CACHE UNSIGNED_INTEGER | NO CACHE
    | ORDER | NO ORDER
    ;

// unique-constraint, referential-constraint, check-constraint.
tableConstraint
    : (CONSTRAINT constraintName)?
      ( (PRIMARY KEY | UNIQUE) columnList
      | FOREIGN KEY columnList referencesClause
      | CHECK '(' condition ')'
      )
    ;

// references-clause: ON DELETE { NO ACTION | RESTRICT | CASCADE | SET NULL }, ON UPDATE
// { NO ACTION | RESTRICT } only.
referencesClause
    : REFERENCES tableName columnList? (ON DELETE (NO ACTION | RESTRICT | CASCADE | SET NULL) | ON UPDATE (NO ACTION | RESTRICT))*
    ;

columnList : '(' columnName (',' columnName)* ')' ;

// data-type: built-in-type (CREATE TABLE).
dataType
    : SMALLINT | INTEGER | INT | BIGINT
    | (DECIMAL | DEC | NUMERIC | NUM) ('(' UNSIGNED_INTEGER (',' UNSIGNED_INTEGER)? ')')?
    | FLOAT ('(' UNSIGNED_INTEGER ')')?
    | REAL
    | DOUBLE PRECISION?
    | DECFLOAT ('(' UNSIGNED_INTEGER ')')?
    | (CHARACTER | CHAR) ('(' UNSIGNED_INTEGER stringUnits? ')')? (FOR BIT DATA)?
    | (VARCHAR | (CHARACTER | CHAR) VARYING) '(' UNSIGNED_INTEGER stringUnits? ')' (FOR BIT DATA)?
    | (CLOB | (CHARACTER | CHAR) LARGE OBJECT) ('(' lobLength stringUnits? ')')?
    | GRAPHIC ('(' UNSIGNED_INTEGER stringUnits? ')')?
    | VARGRAPHIC '(' UNSIGNED_INTEGER stringUnits? ')'
    | DBCLOB ('(' lobLength stringUnits? ')')?
    | (NCHAR | NATIONAL (CHARACTER | CHAR)) ('(' UNSIGNED_INTEGER ')')?
    | (NVARCHAR | NCHAR VARYING | NATIONAL (CHARACTER | CHAR) VARYING) '(' UNSIGNED_INTEGER ')'
    | (NCLOB | NCHAR LARGE OBJECT | NATIONAL CHARACTER LARGE OBJECT) ('(' lobLength ')')?
    | BINARY ('(' UNSIGNED_INTEGER ')')?
    | (VARBINARY | BINARY VARYING) '(' UNSIGNED_INTEGER ')'
    | (BLOB | BINARY LARGE OBJECT) ('(' lobLength ')')?
    | DATE
    | TIME
    | TIMESTAMP ('(' UNSIGNED_INTEGER ')')?
    | XML
    | BOOLEAN
    ;

lobLength : UNSIGNED_INTEGER | LOB_LENGTH ;

stringUnits : OCTETS | CODEUNITS16 | CODEUNITS32 ;

// CREATE INDEX (statements-create-index).
createIndex
    : CREATE UNIQUE? INDEX indexName ON tableName '(' indexColumn (',' indexColumn)* ')'
      (EXCLUDE NULL KEYS | INCLUDE columnList | ALLOW REVERSE SCANS | DISALLOW REVERSE SCANS | CLUSTER)*
    ;

indexColumn : columnName (ASC | DESC)? ;

// CREATE SEQUENCE (statements-create-sequence).
createSequence
    : CREATE SEQUENCE sequenceName (AS dataType)? sequenceOption*
    ;

sequenceOption
    : START WITH signedInteger
    | INCREMENT BY signedInteger
    | MINVALUE signedInteger | NO MINVALUE
    | MAXVALUE signedInteger | NO MAXVALUE
    | CYCLE | NO CYCLE
    | CACHE UNSIGNED_INTEGER | NO CACHE
    | ORDER | NO ORDER
    ;

// CREATE TRIGGER (statements-create-trigger): the BEFORE INSERT row trigger with a compound
// SQL (inlined) body of SET and IF statements (compound-sql-inlined).
createTrigger
    : CREATE (OR REPLACE)? TRIGGER triggerName
      (NO CASCADE BEFORE | BEFORE | AFTER) triggerEvent (OR triggerEvent)* ON tableName
      (REFERENCING referencingItem+)?
      FOR EACH (ROW | STATEMENT)
      (MODE DB2SQL)?
      (WHEN '(' condition ')')?
      triggeredAction
    ;

triggerEvent : INSERT | DELETE | UPDATE (OF columnName (',' columnName)*)? ;

referencingItem : (NEW | OLD) ROW? AS? identifier | (NEW TABLE | OLD TABLE) AS? identifier ;

triggeredAction
    : BEGIN ATOMIC (triggerStatement ';')+ END
    | triggerStatement
    ;

triggerStatement
    : SET '(' transitionColumn (',' transitionColumn)* ')' '=' '(' expression (',' expression)* ')'
    | SET transitionColumn '=' expression (',' transitionColumn '=' expression)*
    | IF condition THEN (triggerStatement ';')+ (ELSEIF condition THEN (triggerStatement ';')+)* (ELSE (triggerStatement ';')+)? END IF
    ;

transitionColumn : identifier '.' columnName ;

// COMMENT (statements-comment).
commentOn
    : COMMENT ON (TABLE tableName | COLUMN qualifiedColumn | INDEX indexName | SEQUENCE sequenceName | TRIGGER triggerName) IS STRING
    | COMMENT ON tableName '(' columnName IS STRING (',' columnName IS STRING)* ')'
    ;

qualifiedColumn : identifier '.' identifier ('.' identifier)? ;

// ALTER TABLE (statements-alter-table): one or more alterations.
alterTable
    : ALTER TABLE tableName alteration+
    ;

alteration
    : ADD COLUMN? columnDefinition
    | ADD tableConstraint
    | ALTER COLUMN? columnName columnAlteration
    | DROP PRIMARY KEY
    | DROP (FOREIGN KEY | UNIQUE | CHECK | CONSTRAINT) constraintName
    | DROP COLUMN? columnName (CASCADE | RESTRICT)?
    | RENAME COLUMN columnName TO columnName
    ;

columnAlteration
    : SET DATA TYPE dataType
    | SET NOT NULL
    | DROP NOT NULL
    | SET WITH? DEFAULT defaultValue?
    | DROP DEFAULT
    | DROP IDENTITY
    | (SET identityOption | RESTART (WITH signedInteger)?)+
    ;

// Compound SQL (compiled) (statements-compound-sql-compiled), as the CLP runs it: SQL variable
// declarations first, then statements, each ended by ';'. The subset migrations use: SELECT
// INTO a variable (statements-select-into) and EXECUTE IMMEDIATE (statements-execute-immediate).
compoundCompiled
    : BEGIN (NOT ATOMIC)? (DECLARE identifier dataType (DEFAULT expression)? ';')* (compoundItem ';')+ END
    ;

compoundItem
    : SELECT expression (',' expression)* INTO identifier (',' identifier)* fromClause (WHERE condition)?
    | EXECUTE IMMEDIATE expression
    ;

fromClause : FROM tableReference (',' tableReference)* ;

tableReference : tableName (AS? identifier)? ;

// RENAME (statements-rename), DROP (statements-drop).
renameTable : RENAME TABLE? tableName TO identifier ;

dropStatement
    : DROP TABLE tableName
    | DROP INDEX indexName
    | DROP SEQUENCE sequenceName RESTRICT?
    | DROP TRIGGER triggerName
    ;

// INSERT, UPDATE, DELETE (statements-insert, -update, -delete): single-table forms.
insertStatement
    : INSERT INTO tableName columnList? VALUES rowValues (',' rowValues)*
    ;

rowValues : '(' expression (',' expression)* ')' | expression ;

updateStatement
    : UPDATE tableName SET columnName '=' expression (',' columnName '=' expression)* (WHERE condition)?
    ;

deleteStatement
    : DELETE FROM tableName (WHERE condition)?
    ;

// CALL (statements-call).
callStatement
    : CALL procedureName '(' (callArgument (',' callArgument)*)? ')'
    ;

// SYSPROC.ADMIN_CMD's one argument, a command string, is parsed again by check.py (rule
// adminCommandOnly).
callArgument : expression ;

procedureName : identifier ('.' identifier)? ;

// Predicates and expressions (Db2 11.5 "Predicates", "Expressions"): the subset DDL uses.
condition
    : NOT condition
    | condition AND condition
    | condition OR condition
    | '(' condition ')'
    | expression comparisonOperator expression
    | expression IS NOT? NULL
    | expression NOT? IN '(' expression (',' expression)* ')'
    | expression NOT? BETWEEN expression AND expression
    | expression NOT? LIKE expression
    ;

comparisonOperator : '=' | '<>' | '<' | '>' | '<=' | '>=' ;

expression
    : ('+' | '-') expression
    | expression ('*' | '/') expression
    | expression ('+' | '-' | '||' | CONCAT) expression
    | '(' expression ')'
    | STRING
    | numberLiteral
    | NULL
    | TRUE | FALSE
    | (NEXT VALUE | NEXTVAL) FOR sequenceName
    | (PREVIOUS VALUE | PREVVAL) FOR sequenceName
    | specialRegister
    | CAST '(' expression AS dataType ')'
    | '(' SELECT expression fromClause (WHERE condition)? ')'
    | LISTAGG '(' (ALL | DISTINCT)? expression (',' STRING)? ')' (WITHIN GROUP '(' ORDER BY expression (ASC | DESC)? (',' expression (ASC | DESC)?)* ')')?
    | functionCall
    | identifier ('.' identifier)*
    ;

functionCall : identifier ('.' identifier)? '(' (expression (',' expression)*)? ')' ;

numberLiteral : UNSIGNED_INTEGER | DECIMAL_LITERAL | FLOAT_LITERAL ;

signedInteger : ('+' | '-')? UNSIGNED_INTEGER ;

tableName : identifier ('.' identifier)? ;
indexName : identifier ('.' identifier)? ;
sequenceName : identifier ('.' identifier)? ;
triggerName : identifier ('.' identifier)? ;
columnName : identifier ;
constraintName : identifier ;

// Db2 reserves few words in the contexts used here: every keyword is also a name, as Db2
// reads it where no keyword can stand ("Reserved schema names and reserved words").
identifier : REGULAR_ID | QUOTED_ID | keyword ;

keyword
    : ACCESS | ACTION | ADD | AFTER | ALLOW | ALTER | ALWAYS | AS | ASC | ATOMIC | BEFORE | BEGIN | BIGINT
    | BINARY | BIT | BLOB | CAST | BOOLEAN | BY | CACHE | CALL | CASCADE | CHAR | CHARACTER | CHECK | CLOB | CLUSTER
    | CODEUNITS16 | CODEUNITS32 | COLUMN | COMMENT | COMMIT | COMPACT | CONCAT | CURRENT_DATE
    | CURRENT_TIME | CURRENT_TIMESTAMP | CYCLE | DATA | DATE | DB2SQL | DBCLOB | DEC | DECFLOAT
    | DECIMAL | DESC | DETAILED | DISALLOW | DISTRIBUTION | DOUBLE | EACH | ELSEIF | EXCLUDE | FLOAT | GENERATED
    | GRAPHIC | HIDDEN_ | IDENTITY | IMPLICITLY | INCLUDE | INCREMENT | INDEXES | INLINE | INPLACE | INT
    | INTEGER | KEY | KEYS | LARGE | LENGTH | LOGGED | LONG | MAXVALUE | MINVALUE | MODE | NATIONAL
    | NCHAR | NCLOB | NEW | NEXT | NEXTVAL | NO | NUM | NUMERIC | NVARCHAR | OBJECT | OCTETS | OLD
    | OPTION_ | ORDER | PRECISION | PREVIOUS | PREVVAL | PRIMARY | READ | REAL | REFERENCES | REFERENCING | RENAME | REORG
    | REPLACE | RESTART | RESTRICT | REVERSE | ROW | RUNSTATS | SCANS | SCHEMA | SEQUENCE | SMALLINT | START
    | STATEMENT | TIME | TIMESTAMP | TYPE | VALUE | VARBINARY | VARCHAR | VARGRAPHIC | VARYING | WORK | XML
    | DECLARE | EXECUTE | IMMEDIATE | LISTAGG | WITHIN | GROUP
    ;

// ---- Lexer ----

ACCESS : 'ACCESS'; ACTION : 'ACTION'; ADD : 'ADD'; AFTER : 'AFTER'; ALL : 'ALL'; ALLOW : 'ALLOW';
ALTER : 'ALTER'; ALWAYS : 'ALWAYS'; AND : 'AND'; AS : 'AS'; ASC : 'ASC'; ATOMIC : 'ATOMIC';
BEFORE : 'BEFORE'; BEGIN : 'BEGIN'; BETWEEN : 'BETWEEN'; BIGINT : 'BIGINT'; BINARY : 'BINARY';
BIT : 'BIT'; BLOB : 'BLOB'; BOOLEAN : 'BOOLEAN'; BY : 'BY'; CACHE : 'CACHE'; CALL : 'CALL';
CASCADE : 'CASCADE'; CAST : 'CAST'; CHAR : 'CHAR'; CHARACTER : 'CHARACTER'; CHECK : 'CHECK'; CLOB : 'CLOB';
CLUSTER : 'CLUSTER'; CODEUNITS16 : 'CODEUNITS16'; CODEUNITS32 : 'CODEUNITS32'; COLUMN : 'COLUMN';
COMMENT : 'COMMENT'; COMMIT : 'COMMIT'; COMPACT : 'COMPACT'; CONCAT : 'CONCAT';
CONSTRAINT : 'CONSTRAINT'; CREATE : 'CREATE'; CURRENT : 'CURRENT'; CURRENT_DATE : 'CURRENT_DATE';
CURRENT_TIME : 'CURRENT_TIME'; CURRENT_TIMESTAMP : 'CURRENT_TIMESTAMP'; CYCLE : 'CYCLE';
DATA : 'DATA'; DATE : 'DATE'; DB2SQL : 'DB2SQL'; DBCLOB : 'DBCLOB'; DEC : 'DEC';
DECFLOAT : 'DECFLOAT'; DECIMAL : 'DECIMAL'; DEFAULT : 'DEFAULT'; DELETE : 'DELETE'; DESC : 'DESC';
DETAILED : 'DETAILED'; DISALLOW : 'DISALLOW'; DISTRIBUTION : 'DISTRIBUTION'; DOUBLE : 'DOUBLE';
DROP : 'DROP'; EACH : 'EACH'; ELSE : 'ELSE'; ELSEIF : 'ELSEIF'; END : 'END'; EXCLUDE : 'EXCLUDE';
FALSE : 'FALSE'; FLOAT : 'FLOAT'; FOR : 'FOR'; FOREIGN : 'FOREIGN'; FROM : 'FROM';
GENERATED : 'GENERATED'; GRAPHIC : 'GRAPHIC'; HIDDEN_ : 'HIDDEN'; IDENTITY : 'IDENTITY'; IF : 'IF';
IMPLICITLY : 'IMPLICITLY'; IN : 'IN'; INCLUDE : 'INCLUDE'; INCREMENT : 'INCREMENT'; INDEX : 'INDEX';
INDEXES : 'INDEXES'; INLINE : 'INLINE'; INPLACE : 'INPLACE'; INSERT : 'INSERT'; INT : 'INT';
INTEGER : 'INTEGER'; INTO : 'INTO'; IS : 'IS'; KEY : 'KEY'; KEYS : 'KEYS'; LARGE : 'LARGE';
LENGTH : 'LENGTH'; LIKE : 'LIKE'; LOGGED : 'LOGGED'; LONG : 'LONG'; MAXVALUE : 'MAXVALUE';
MINVALUE : 'MINVALUE'; MODE : 'MODE'; NATIONAL : 'NATIONAL'; NCHAR : 'NCHAR'; NCLOB : 'NCLOB';
NEW : 'NEW'; NEXT : 'NEXT'; NEXTVAL : 'NEXTVAL'; NO : 'NO'; NOT : 'NOT'; NULL : 'NULL'; NUM : 'NUM';
NUMERIC : 'NUMERIC'; NVARCHAR : 'NVARCHAR'; OBJECT : 'OBJECT'; OCTETS : 'OCTETS'; OF : 'OF';
OLD : 'OLD'; ON : 'ON'; OPTION_ : 'OPTION'; OR : 'OR'; ORDER : 'ORDER'; PRECISION : 'PRECISION';
PREVIOUS : 'PREVIOUS'; PREVVAL : 'PREVVAL'; PRIMARY : 'PRIMARY'; READ : 'READ'; REAL : 'REAL';
REFERENCES : 'REFERENCES'; REFERENCING : 'REFERENCING'; RENAME : 'RENAME'; REORG : 'REORG';
REPLACE : 'REPLACE'; RESTART : 'RESTART'; RESTRICT : 'RESTRICT'; REVERSE : 'REVERSE'; ROW : 'ROW';
RUNSTATS : 'RUNSTATS'; SCANS : 'SCANS'; SCHEMA : 'SCHEMA'; SEQUENCE : 'SEQUENCE';
SESSION_USER : 'SESSION_USER'; SET : 'SET'; SMALLINT : 'SMALLINT'; START : 'START';
STATEMENT : 'STATEMENT'; SYSTEM_USER : 'SYSTEM_USER'; TABLE : 'TABLE'; THEN : 'THEN'; TIME : 'TIME';
TIMESTAMP : 'TIMESTAMP'; TO : 'TO'; TRIGGER : 'TRIGGER'; TRUE : 'TRUE'; TYPE : 'TYPE';
UNIQUE : 'UNIQUE'; UPDATE : 'UPDATE'; USER : 'USER'; VALUE : 'VALUE'; VALUES : 'VALUES';
VARBINARY : 'VARBINARY'; VARCHAR : 'VARCHAR'; VARGRAPHIC : 'VARGRAPHIC'; VARYING : 'VARYING';
WHEN : 'WHEN'; WHERE : 'WHERE'; WITH : 'WITH'; WORK : 'WORK'; XML : 'XML';
DECLARE : 'DECLARE'; DISTINCT : 'DISTINCT'; EXECUTE : 'EXECUTE'; GROUP : 'GROUP';
IMMEDIATE : 'IMMEDIATE'; LISTAGG : 'LISTAGG'; SELECT : 'SELECT'; WITHIN : 'WITHIN';

// Constants (Db2 11.5 "Constants"): character strings with '' for a quote; a LOB length may
// carry K, M or G.
STRING : '\'' (~'\'' | '\'\'')* '\'' ;
LOB_LENGTH : [0-9]+ [KMG] ;
FLOAT_LITERAL : ([0-9]+ ('.' [0-9]*)? | '.' [0-9]+) 'E' [+-]? [0-9]+ ;
DECIMAL_LITERAL : [0-9]+ '.' [0-9]* | '.' [0-9]+ ;
UNSIGNED_INTEGER : [0-9]+ ;

// Identifiers (Db2 11.5 "Identifiers"): an ordinary identifier is a letter followed by
// letters, digits or _; a delimited one is in double quotes ("" for a quote).
REGULAR_ID : [A-Z] [A-Z0-9_]* ;
QUOTED_ID : '"' (~'"' | '""')+ '"' ;

LINE_COMMENT : '--' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS : [ \t\r\n]+ -> channel(HIDDEN) ;

ERROR_CHAR : . ;
