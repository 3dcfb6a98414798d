-- Conditional uniqueness with a function-based unique index (SQL Language Reference 19c,
-- CREATE INDEX, "Using a Function-based Index to Define Conditional Uniqueness"): rows whose
-- keys are all NULL are not indexed.
SET DEFINE OFF
CREATE UNIQUE INDEX promo_ix ON promotions
    (CASE WHEN promo_end_date > promo_begin_date THEN promo_id END)
/
CREATE UNIQUE INDEX promo_name_ix ON promotions
    (CASE WHEN promo_category IS NOT NULL THEN promo_name END, CASE WHEN promo_category IS NOT NULL THEN promo_category END)
/
CREATE INDEX upper_ix ON employees (UPPER(last_name))
/
