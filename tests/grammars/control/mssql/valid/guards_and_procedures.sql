-- IF NOT EXISTS guards (if-else-transact-sql, sys.objects), variables (declare-local-
-- variable-transact-sql), sp_addextendedproperty / sp_updateextendedproperty /
-- sp_dropextendedproperty (their pages' examples), sp_rename, ALTER TABLE examples.
IF NOT EXISTS (SELECT * FROM sys.objects WHERE object_id = OBJECT_ID(N'[dbo].[T1]') AND type IN (N'U'))
CREATE TABLE dbo.T1 (column_1 INT NOT NULL, column_2 VARCHAR(20) NULL);
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Minimum inventory quantity.',
    @level0type = N'SCHEMA', @level0name = N'dbo',
    @level1type = N'TABLE', @level1name = N'T1',
    @level2type = N'COLUMN', @level2name = N'column_1';
EXEC sp_addextendedproperty N'Caption', N'Employee ID', N'SCHEMA', N'dbo', N'TABLE', N'T1', N'COLUMN', N'column_2';
DECLARE @schema sysname = OBJECT_SCHEMA_NAME(OBJECT_ID(N'[dbo].[T1]'));
IF EXISTS (SELECT * FROM sys.fn_listextendedproperty(N'MS_Description', N'SCHEMA', @schema, N'TABLE', N'T1', NULL, NULL))
EXEC sys.sp_updateextendedproperty @name = N'MS_Description', @value = N'New text',
    @level0type = N'SCHEMA', @level0name = @schema, @level1type = N'TABLE', @level1name = N'T1'
ELSE EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'New text',
    @level0type = N'SCHEMA', @level0name = @schema, @level1type = N'TABLE', @level1name = N'T1';
EXEC sp_dropextendedproperty @name = N'Caption', @level0type = N'SCHEMA', @level0name = N'dbo',
    @level1type = N'TABLE', @level1name = N'T1', @level2type = N'COLUMN', @level2name = N'column_2';
EXEC sp_rename N'dbo.T1.column_2', N'column_3', N'COLUMN';
ALTER TABLE dbo.T1 ADD column_b VARCHAR(20) NULL, column_c INT DEFAULT 0 WITH VALUES;
ALTER TABLE dbo.T1 ALTER COLUMN column_b DECIMAL(5, 2) NOT NULL;
ALTER TABLE dbo.T1 ADD CONSTRAINT col_b_def DEFAULT 50 FOR column_c;
ALTER TABLE dbo.T1 ADD CONSTRAINT my_constraint CHECK (column_1 > 0);
ALTER TABLE dbo.T1 DROP CONSTRAINT my_constraint;
ALTER TABLE dbo.T1 DROP COLUMN column_b, column_c;
DECLARE @sql nvarchar(max) = (SELECT N'ALTER TABLE T1 DROP CONSTRAINT ' + QUOTENAME(name)
    FROM sys.default_constraints WHERE parent_object_id = OBJECT_ID(N'[T1]'));
IF @sql IS NOT NULL EXEC (@sql);
SET IDENTITY_INSERT dbo.Tool ON;
INSERT INTO dbo.Tool (ID, Name) VALUES (3, 'Garden shovel');
SET IDENTITY_INSERT dbo.Tool OFF;
UPDATE dbo.Tool SET Name = 'Spade' WHERE ID = 3;
DELETE FROM dbo.Tool WHERE Name = 'Saw';
DROP INDEX IX_Orders_Status ON dbo.Orders;
DROP TABLE IF EXISTS dbo.T1;
GO
-- A new batch: the same variable may be declared again.
DECLARE @schema sysname = N'dbo';
