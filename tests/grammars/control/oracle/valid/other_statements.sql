-- COMMENT, CREATE INDEX, ALTER TABLE, CREATE SEQUENCE, DROP examples of the SQL Language
-- Reference 19c (COMMENT.html, CREATE-INDEX.html, ALTER-TABLE.html, CREATE-SEQUENCE.html).
SET DEFINE OFF
COMMENT ON COLUMN employees.job_id IS 'abbreviated job title';
COMMENT ON TABLE employees IS 'It''s the staff';
CREATE INDEX ord_customer_ix ON orders (customer_id);
CREATE UNIQUE INDEX emp_email_ix ON employees (email DESC);
ALTER TABLE countries ADD (duty_pct NUMBER(2,2) CHECK (duty_pct < 10.5), visa_needed VARCHAR2(3));
ALTER TABLE employees MODIFY (salary DEFAULT 1000 NOT NULL);
ALTER TABLE employees MODIFY (commission_pct NULL);
ALTER TABLE employees ADD CONSTRAINT check_comp CHECK (salary + (commission_pct * salary) <= 5000) DISABLE;
ALTER TABLE employees DROP CONSTRAINT check_comp;
ALTER TABLE employees RENAME COLUMN salary TO base_pay;
ALTER TABLE employees RENAME TO staff;
ALTER TABLE employees DROP COLUMN dn CASCADE CONSTRAINTS;
CREATE SEQUENCE customers_seq START WITH 1000 INCREMENT BY 1 NOCACHE NOCYCLE;
INSERT INTO departments VALUES (280, 'Recreation', 121, 1700);
UPDATE employees SET commission_pct = NULL WHERE job_id = 'SH_CLERK';
DELETE FROM product_descriptions WHERE language_id = 'AR';
DROP INDEX ord_customer_ix;
DROP TABLE list_customers PURGE;
COMMIT;
