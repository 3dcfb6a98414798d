-- expect: missing '('
CREATE TABLE t (a INT, b INT DEFAULT other_column);
