// The Oracle Database 19c statements schemagen emits, written from Oracle's SQL Language
// Reference 19c (the syntax diagrams named at each rule), not from schemagen's output. A
// statement arrives here as SQL*Plus sends it to the server: split by tests/grammars/check.py
// at its `/` line or end-of-line `;`, without the terminator. Strict where Oracle is:
//
// - column_definition: `column datatype [DEFAULT expr | identity_clause] [inline_constraint...]`
//   (docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CREATE-TABLE.html, diagram
//   column_definition; docs.oracle.com/cd/F19136_01/sqlrf/img_text/column_definition.html):
//   DEFAULT comes before the constraints, so `NOT NULL DEFAULT 0` is a syntax error (ORA-00907);
// - data types are the built-in and ANSI-supported list of "Data Types" (19/sqlrf/Data-Types.html):
//   VARCHAR2, NVARCHAR2, RAW, VARCHAR need a size; INTEGER, INT, SMALLINT take none (no `INT(11)`);
//   no BOOLEAN or JSON before 23ai, no TEXT, DATETIME, BIT, TINYINT, BIGINT (not Oracle types);
// - the references_clause has ON DELETE CASCADE | SET NULL only (no ON UPDATE, no NO ACTION);
// - an unquoted identifier may not be an Oracle SQL reserved word ("Oracle SQL Reserved Words",
//   19/sqlrf/Oracle-SQL-Reserved-Words.html): `COMMENT`, `LEVEL`, `SIZE` ... must be quoted.
grammar OracleDdl;

options { caseInsensitive = true; }

// One statement as SQL*Plus sends it (check.py splits the script).
statementOnly : statement EOF ;

// A SQL*Plus command line (SET ...), parsed on its own.
sqlplusOnly : sqlplusCommand EOF ;

sqlplusCommand
    : SET (DEFINE (OFF | ON) | SQLBLANKLINES (OFF | ON) | ECHO (OFF | ON) | FEEDBACK (OFF | ON))
    | WHENEVER SQLERROR (EXIT (FAILURE | SUCCESS | UNSIGNED_INTEGER)? (COMMIT | ROLLBACK)? | CONTINUE_KW)
    ;

statement
    : createTable
    | createIndex
    | createSequence
    | createTrigger
    | commentOn
    | alterTable
    | dropTable
    | dropIndex
    | dropSequence
    | insertStatement
    | updateStatement
    | deleteStatement
    | COMMIT
    | plsqlBlock
    ;

// CREATE TABLE (19/sqlrf/CREATE-TABLE.html): relational_table, relational_properties.
createTable
    : CREATE TABLE tableName '(' relationalProperty (',' relationalProperty)* ')'
    ;

relationalProperty
    : columnDefinition
    | outOfLineConstraint
    ;

// column_definition: a data type is required here (no virtual columns, no AS subquery).
columnDefinition
    : columnName datatype (DEFAULT expression | identityClause)? inlineConstraint*
    ;

// identity_clause, identity_options (CREATE TABLE, 12c and later).
identityClause
    : GENERATED (ALWAYS | BY DEFAULT (ON NULL)?)? AS IDENTITY ('(' identityOption+ ')')?
    ;

identityOption
    : START WITH (signedInteger | LIMIT VALUE)
    | INCREMENT BY signedInteger
    | MAXVALUE signedInteger | NOMAXVALUE
    | MINVALUE signedInteger | NOMINVALUE
    | CYCLE | NOCYCLE
    | CACHE UNSIGNED_INTEGER | NOCACHE
    | ORDER | NOORDER
    ;

// inline_constraint (constraint.html).
inlineConstraint
    : (CONSTRAINT constraintName)? (NOT? NULL | UNIQUE | PRIMARY KEY | referencesClause | CHECK '(' condition ')') constraintState?
    ;

// out_of_line_constraint (constraint.html).
outOfLineConstraint
    : (CONSTRAINT constraintName)?
      ( UNIQUE columnList
      | PRIMARY KEY columnList
      | FOREIGN KEY columnList referencesClause
      | CHECK '(' condition ')'
      ) constraintState?
    ;

// references_clause: ON DELETE { CASCADE | SET NULL } is all Oracle has.
referencesClause
    : REFERENCES tableName columnList? (ON DELETE (CASCADE | SET NULL))?
    ;

constraintState
    : (ENABLE | DISABLE | VALIDATE | NOVALIDATE | DEFERRABLE | NOT DEFERRABLE | INITIALLY (IMMEDIATE | DEFERRED) | RELY | NORELY)+
    ;

columnList : '(' columnName (',' columnName)* ')' ;

// Data Types (19/sqlrf/Data-Types.html): Oracle built-in types, then the ANSI types Oracle
// accepts ("ANSI, DB2, and SQL/DS Data Types"). Sizes in parentheses where the type takes one.
datatype
    : VARCHAR2 '(' UNSIGNED_INTEGER (BYTE | CHAR)? ')'
    | NVARCHAR2 '(' UNSIGNED_INTEGER ')'
    | NUMBER ('(' (UNSIGNED_INTEGER | '*') (',' signedInteger)? ')')?
    | FLOAT ('(' UNSIGNED_INTEGER ')')?
    | BINARY_FLOAT
    | BINARY_DOUBLE
    | LONG RAW?
    | RAW '(' UNSIGNED_INTEGER ')'
    | DATE
    | TIMESTAMP ('(' UNSIGNED_INTEGER ')')? (WITH LOCAL? TIME ZONE)?
    | INTERVAL YEAR ('(' UNSIGNED_INTEGER ')')? TO MONTH
    | INTERVAL DAY ('(' UNSIGNED_INTEGER ')')? TO SECOND ('(' UNSIGNED_INTEGER ')')?
    | CHAR ('(' UNSIGNED_INTEGER (BYTE | CHAR)? ')')?
    | NCHAR ('(' UNSIGNED_INTEGER ')')?
    | CLOB | NCLOB | BLOB | BFILE
    | ROWID
    | UROWID ('(' UNSIGNED_INTEGER ')')?
    // ANSI-supported types
    | (CHARACTER | CHAR) VARYING '(' UNSIGNED_INTEGER ')'
    | CHARACTER '(' UNSIGNED_INTEGER ')'
    | NATIONAL (CHARACTER | CHAR) VARYING? '(' UNSIGNED_INTEGER ')'
    | NCHAR VARYING '(' UNSIGNED_INTEGER ')'
    | VARCHAR '(' UNSIGNED_INTEGER ')'
    | (NUMERIC | DECIMAL | DEC) ('(' UNSIGNED_INTEGER (',' signedInteger)? ')')?
    | INTEGER | INT | SMALLINT
    | DOUBLE PRECISION
    | REAL
    | datatype23ai
    ;

// Types from Oracle Database 23ai (23/sqlrf/Data-Types.html): check.py rejects them in a file
// whose header targets an earlier version.
datatype23ai : BOOLEAN | JSON ;

// CREATE INDEX (19/sqlrf/CREATE-INDEX.html): table_index_clause on columns and, for a
// function-based index, column expressions.
createIndex
    : CREATE UNIQUE? INDEX indexName ON tableName '(' indexColumn (',' indexColumn)* ')' (REVERSE | TABLESPACE identifier)*
    ;

indexColumn : (columnName | functionCall | caseExpression) (ASC | DESC)? ;

// CREATE SEQUENCE (19/sqlrf/CREATE-SEQUENCE.html).
createSequence
    : CREATE SEQUENCE sequenceName sequenceOption*
    ;

sequenceOption
    : START WITH signedInteger
    | INCREMENT BY signedInteger
    | MAXVALUE signedInteger | NOMAXVALUE
    | MINVALUE signedInteger | NOMINVALUE
    | CYCLE | NOCYCLE
    | CACHE UNSIGNED_INTEGER | NOCACHE
    | ORDER | NOORDER
    ;

// CREATE TRIGGER (19/lnpls/CREATE-TRIGGER-statement.html), simple_dml_trigger with the
// PL/SQL body schemagen writes: assignments, SELECT ... INTO and IF, from the PL/SQL
// Language Reference (19/lnpls/block.html). Ends at SQL*Plus's `/` line.
createTrigger
    : CREATE (OR REPLACE)? TRIGGER triggerName
      (BEFORE | AFTER) dmlEvent (OR dmlEvent)* ON tableName
      (REFERENCING referencingItem+)?
      (FOR EACH ROW)?
      (WHEN '(' condition ')')?
      plsqlBlock
    ;

dmlEvent : INSERT | DELETE | UPDATE (OF columnName (',' columnName)*)? ;

referencingItem : (NEW | OLD | PARENT) AS? identifier ;

// A trigger's body, or an anonymous block run by SQL*Plus at its `/` line (19/lnpls/block.html:
// [DECLARE declare_section] body).
plsqlBlock : (DECLARE plsqlDeclaration+)? BEGIN plsqlStatement+ END identifier? ';' ;

plsqlDeclaration : identifier datatype (':=' expression)? ';' ;

plsqlStatement
    : SELECT selectItem (',' selectItem)* INTO bindTarget (',' bindTarget)* FROM tableName (WHERE condition)? ';'
    | bindTarget ':=' expression ';'
    | IF condition THEN plsqlStatement+ (ELSIF condition THEN plsqlStatement+)* (ELSE plsqlStatement+)? END IF ';'
    | NULL ';'
    // EXECUTE IMMEDIATE statement (19/lnpls/EXECUTE-IMMEDIATE-statement.html), the dynamic
    // SQL string only (no INTO / USING).
    | EXECUTE IMMEDIATE expression ';'
    ;

bindTarget : ':' (NEW | OLD) '.' columnName | identifier ;

selectItem : expression ;

// COMMENT (19/sqlrf/COMMENT.html).
commentOn
    : COMMENT ON (TABLE tableName | COLUMN qualifiedColumn) IS STRING
    ;

qualifiedColumn : identifier '.' identifier ('.' identifier)? ;

// ALTER TABLE (19/sqlrf/ALTER-TABLE.html): column_clauses, constraint_clauses,
// rename_column_clause, alter_table_properties' RENAME TO.
alterTable
    : ALTER TABLE tableName alterTableAction
    ;

alterTableAction
    : ADD '(' columnDefinition (',' columnDefinition)* ')'
    | ADD columnDefinition
    | ADD outOfLineConstraint+
    | MODIFY '(' modifyColProperties (',' modifyColProperties)* ')'
    | MODIFY modifyColProperties
    | MODIFY CONSTRAINT constraintName constraintState
    | DROP CONSTRAINT constraintName (CASCADE)? ((KEEP | DROP) INDEX)?
    | DROP PRIMARY KEY (CASCADE)?
    | DROP UNIQUE columnList (CASCADE)?
    | DROP COLUMN columnName (CASCADE CONSTRAINTS)?
    | DROP '(' columnName (',' columnName)* ')' (CASCADE CONSTRAINTS)?
    | RENAME COLUMN columnName TO columnName
    | RENAME CONSTRAINT constraintName TO constraintName
    | RENAME TO tableName
    ;

// modify_col_properties: the data type is optional here, DEFAULT still precedes constraints.
modifyColProperties
    : columnName datatype? (DEFAULT expression | identityClause)? inlineConstraint*
    ;

// DROP TABLE (19/sqlrf/DROP-TABLE.html), DROP INDEX, DROP SEQUENCE.
dropTable : DROP TABLE tableName (CASCADE CONSTRAINTS)? PURGE? ;
dropIndex : DROP INDEX indexName ;
dropSequence : DROP SEQUENCE sequenceName ;

// INSERT, UPDATE, DELETE (19/sqlrf/INSERT.html, UPDATE.html, DELETE.html): single-table forms.
insertStatement
    : INSERT INTO tableName columnList? VALUES '(' expression (',' expression)* ')'
    ;

updateStatement
    : UPDATE tableName SET columnName '=' expression (',' columnName '=' expression)* (WHERE condition)?
    ;

deleteStatement
    : DELETE FROM? tableName (WHERE condition)?
    ;

// Conditions and expressions (19/sqlrf/Conditions.html, Expressions.html), the subset DDL uses.
condition
    : NOT condition
    | condition AND condition
    | condition OR condition
    | '(' condition ')'
    | expression comparisonOperator expression
    | expression IS NOT? NULL
    | expression NOT? IN '(' expression (',' expression)* ')'
    | expression NOT? BETWEEN expression AND expression
    | expression NOT? LIKE expression (ESCAPE STRING)?
    ;

comparisonOperator : '=' | '<>' | '!=' | '^=' | '<' | '>' | '<=' | '>=' ;

expression
    : ('+' | '-') expression
    | expression ('*' | '/') expression
    | expression ('+' | '-' | '||') expression
    | '(' expression ')'
    | literal
    | CAST '(' expression AS datatype ')'
    | caseExpression
    | functionCall
    | sequenceName '.' (NEXTVAL | CURRVAL)
    | ':' (NEW | OLD) '.' columnName
    | SYSDATE | SYSTIMESTAMP | CURRENT_TIMESTAMP | CURRENT_DATE | LOCALTIMESTAMP | USER
    | identifier ('.' identifier)*
    ;

// CASE expressions (19/sqlrf/CASE-Expressions.html): simple and searched.
caseExpression
    : CASE (WHEN condition THEN expression)+ (ELSE expression)? END
    | CASE expression (WHEN expression THEN expression)+ (ELSE expression)? END
    ;

functionCall : identifier '(' (expression (',' expression)*)? ')' ;

literal
    : STRING
    | UNSIGNED_INTEGER
    | DECIMAL_LITERAL
    | NULL
    | TRUE | FALSE
    | (DATE | TIMESTAMP) STRING
    ;

signedInteger : ('+' | '-')? UNSIGNED_INTEGER ;

tableName : identifier ('.' identifier)? ;
indexName : identifier ('.' identifier)? ;
sequenceName : identifier ('.' identifier)? ;
triggerName : identifier ('.' identifier)? ;
columnName : identifier ;
constraintName : identifier ;

// Names: a quoted identifier, or an unquoted one that is not reserved. The keywords of this
// grammar that Oracle does not reserve are names too.
identifier : REGULAR_ID | QUOTED_ID | nonReserved ;

nonReserved
    : ALWAYS | BEFORE | BOOLEAN | CASE | CAST | JSON | TRUE | FALSE | AFTER | BEGIN | BFILE | BINARY_DOUBLE | BINARY_FLOAT | BLOB | BYTE
    | CACHE | CASCADE | CHARACTER | CLOB | COMMIT | CONSTRAINT | CONSTRAINTS | CONTINUE_KW | CURRVAL
    | CURRENT_DATE | CURRENT_TIMESTAMP | CYCLE | DAY | DEC | DECLARE | DEFERRABLE | DEFERRED | EXECUTE
    | DEFINE | DISABLE | DOUBLE | EACH | ECHO | ELSIF | ENABLE | END | ESCAPE | EXIT | FAILURE | FEEDBACK
    | FOREIGN | GENERATED | IDENTITY | IF | INITIALLY | INT | INTERVAL | KEEP | KEY | LIMIT
    | LOCAL | LOCALTIMESTAMP | MAXVALUE | MINVALUE | MONTH | NATIONAL | NCHAR | NCLOB | NEW | NEXTVAL | NOCACHE
    | NOCYCLE | NOMAXVALUE | NOMINVALUE | NOORDER | NORELY | NOVALIDATE | NUMERIC | NVARCHAR2
    | OFF | OLD | PARENT | PRECISION | PRIMARY | PURGE | REAL | REFERENCES | REFERENCING | RELY | REPLACE
    | REVERSE | SECOND | SEQUENCE | SQLBLANKLINES | SQLERROR | SUCCESS | ROLLBACK | SYSTIMESTAMP | TABLESPACE
    | TIME | TIMESTAMP | UROWID | VALUE | VARYING | WHEN | YEAR | ZONE
    ;

// ---- Lexer ----

// Oracle SQL reserved words this grammar uses (19/sqlrf/Oracle-SQL-Reserved-Words.html).
ADD : 'ADD'; ALTER : 'ALTER'; AND : 'AND'; AS : 'AS'; ASC : 'ASC'; BETWEEN : 'BETWEEN';
BY : 'BY'; CHAR : 'CHAR'; CHECK : 'CHECK'; COLUMN : 'COLUMN'; COMMENT : 'COMMENT';
CREATE : 'CREATE'; DATE : 'DATE'; DECIMAL : 'DECIMAL'; DEFAULT : 'DEFAULT'; DELETE : 'DELETE';
DESC : 'DESC'; DROP : 'DROP'; ELSE : 'ELSE'; FLOAT : 'FLOAT'; FOR : 'FOR'; FROM : 'FROM';
IMMEDIATE : 'IMMEDIATE'; IN : 'IN'; INCREMENT : 'INCREMENT'; INDEX : 'INDEX'; INSERT : 'INSERT';
INTEGER : 'INTEGER'; INTO : 'INTO'; IS : 'IS'; LIKE : 'LIKE'; LONG : 'LONG'; MODIFY : 'MODIFY';
NOT : 'NOT'; NULL : 'NULL'; NUMBER : 'NUMBER'; OF : 'OF'; ON : 'ON'; OR : 'OR'; ORDER : 'ORDER';
RAW : 'RAW'; RENAME : 'RENAME'; ROW : 'ROW'; ROWID : 'ROWID'; SELECT : 'SELECT'; SET : 'SET';
SMALLINT : 'SMALLINT'; START : 'START'; SYSDATE : 'SYSDATE'; TABLE : 'TABLE'; THEN : 'THEN';
TO : 'TO'; TRIGGER : 'TRIGGER'; UNIQUE : 'UNIQUE'; UPDATE : 'UPDATE'; USER : 'USER';
VALIDATE : 'VALIDATE'; VALUES : 'VALUES'; VARCHAR : 'VARCHAR'; VARCHAR2 : 'VARCHAR2';
WHENEVER : 'WHENEVER'; WHERE : 'WHERE'; WITH : 'WITH';

// The other Oracle SQL reserved words: never a name unquoted.
RESERVED_WORD
    : 'ACCESS' | 'ALL' | 'ANY' | 'AUDIT' | 'CLUSTER' | 'COMPRESS' | 'CONNECT' | 'CURRENT'
    | 'DISTINCT' | 'EXCLUSIVE' | 'EXISTS' | 'FILE' | 'GRANT' | 'GROUP' | 'HAVING' | 'IDENTIFIED'
    | 'INITIAL' | 'INTERSECT' | 'LEVEL' | 'LOCK' | 'MAXEXTENTS' | 'MINUS' | 'MLSLABEL' | 'MODE'
    | 'NOAUDIT' | 'NOCOMPRESS' | 'NOWAIT' | 'OFFLINE' | 'ONLINE' | 'OPTION' | 'PCTFREE' | 'PRIOR'
    | 'PUBLIC' | 'RESOURCE' | 'REVOKE' | 'ROWNUM' | 'ROWS' | 'SESSION' | 'SHARE' | 'SIZE'
    | 'SUCCESSFUL' | 'SYNONYM' | 'UID' | 'UNION' | 'VIEW'
    ;

// Keywords Oracle does not reserve (also names: see nonReserved).
AFTER : 'AFTER'; ALWAYS : 'ALWAYS'; BOOLEAN : 'BOOLEAN'; CAST : 'CAST'; JSON : 'JSON'; TRUE : 'TRUE'; FALSE : 'FALSE'; BEFORE : 'BEFORE'; BEGIN : 'BEGIN'; BFILE : 'BFILE';
BINARY_DOUBLE : 'BINARY_DOUBLE'; BINARY_FLOAT : 'BINARY_FLOAT'; BLOB : 'BLOB'; BYTE : 'BYTE';
CACHE : 'CACHE'; CASCADE : 'CASCADE'; CHARACTER : 'CHARACTER'; CLOB : 'CLOB'; COMMIT : 'COMMIT';
CONSTRAINT : 'CONSTRAINT'; CONSTRAINTS : 'CONSTRAINTS'; CONTINUE_KW : 'CONTINUE'; CURRVAL : 'CURRVAL';
CURRENT_DATE : 'CURRENT_DATE'; CURRENT_TIMESTAMP : 'CURRENT_TIMESTAMP'; CYCLE : 'CYCLE';
DAY : 'DAY'; DEC : 'DEC'; DECLARE : 'DECLARE'; EXECUTE : 'EXECUTE'; DEFERRABLE : 'DEFERRABLE'; DEFERRED : 'DEFERRED';
DEFINE : 'DEFINE'; DISABLE : 'DISABLE'; DOUBLE : 'DOUBLE'; EACH : 'EACH'; ECHO : 'ECHO';
ELSIF : 'ELSIF'; ENABLE : 'ENABLE'; END : 'END'; ESCAPE : 'ESCAPE'; EXIT : 'EXIT'; FAILURE : 'FAILURE';
FEEDBACK : 'FEEDBACK'; FOREIGN : 'FOREIGN'; GENERATED : 'GENERATED'; IDENTITY : 'IDENTITY';
IF : 'IF'; INITIALLY : 'INITIALLY'; INT : 'INT'; INTERVAL : 'INTERVAL'; KEEP : 'KEEP'; KEY : 'KEY';
LIMIT : 'LIMIT'; LOCAL : 'LOCAL'; LOCALTIMESTAMP : 'LOCALTIMESTAMP'; MAXVALUE : 'MAXVALUE';
MINVALUE : 'MINVALUE'; MONTH : 'MONTH'; NATIONAL : 'NATIONAL'; NCHAR : 'NCHAR'; NCLOB : 'NCLOB';
NEW : 'NEW'; NEXTVAL : 'NEXTVAL'; NOCACHE : 'NOCACHE'; NOCYCLE : 'NOCYCLE'; NOMAXVALUE : 'NOMAXVALUE';
NOMINVALUE : 'NOMINVALUE'; NOORDER : 'NOORDER'; NORELY : 'NORELY'; NOVALIDATE : 'NOVALIDATE';
NUMERIC : 'NUMERIC'; NVARCHAR2 : 'NVARCHAR2'; OFF : 'OFF'; OLD : 'OLD'; PARENT : 'PARENT';
PRECISION : 'PRECISION'; PRIMARY : 'PRIMARY'; PURGE : 'PURGE'; REAL : 'REAL';
REFERENCES : 'REFERENCES'; REFERENCING : 'REFERENCING'; RELY : 'RELY'; REPLACE : 'REPLACE';
REVERSE : 'REVERSE'; SECOND : 'SECOND'; SEQUENCE : 'SEQUENCE'; SQLBLANKLINES : 'SQLBLANKLINES';
SQLERROR : 'SQLERROR'; SUCCESS : 'SUCCESS'; ROLLBACK : 'ROLLBACK'; SYSTIMESTAMP : 'SYSTIMESTAMP';
TABLESPACE : 'TABLESPACE'; TIME : 'TIME'; TIMESTAMP : 'TIMESTAMP'; UROWID : 'UROWID';
VALUE : 'VALUE'; VARYING : 'VARYING'; WHEN : 'WHEN'; CASE : 'CASE'; YEAR : 'YEAR'; ZONE : 'ZONE';

// Text literals (19/sqlrf/Literals.html): '...' with '' for a quote; N'...' national.
STRING : 'N'? '\'' (~'\'' | '\'\'')* '\'' ;

UNSIGNED_INTEGER : [0-9]+ ;
DECIMAL_LITERAL : [0-9]+ '.' [0-9]* | '.' [0-9]+ ;

// Database object names (19/sqlrf/Database-Object-Names-and-Qualifiers.html): a nonquoted
// identifier begins with a letter and holds letters, digits, _, $ and #; a quoted one is any
// characters but the double quote and the null character.
QUOTED_ID : '"' ~["\u0000]+ '"' ;
REGULAR_ID : [A-Z] [A-Z0-9_$#]* ;

LINE_COMMENT : '--' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS : [ \t\r\n]+ -> channel(HIDDEN) ;

// Anything else is a token no rule accepts: a syntax error, never skipped.
ERROR_CHAR : . ;
