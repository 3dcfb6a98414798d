-- CREATE TABLE examples of the Transact-SQL reference (create-table-transact-sql,
-- "Examples": identity, defaults, constraints, a filtered index) and the IDENTITY property
-- (create-table-transact-sql-identity-property).
CREATE TABLE dbo.new_employees
(
    id_num INT IDENTITY(1,1),
    fname VARCHAR(20),
    minit CHAR(1),
    lname VARCHAR(30)
);
CREATE TABLE dbo.Tool (ID INT IDENTITY NOT NULL PRIMARY KEY, Name VARCHAR(40) NOT NULL);
CREATE TABLE [dbo].[Orders]
(
    [OrderID] INT NOT NULL IDENTITY(100, 1) CONSTRAINT PK_Orders PRIMARY KEY CLUSTERED,
    [Status] NCHAR(1) CONSTRAINT DF_Status DEFAULT N'A' NOT NULL,
    [Placed] DATETIME2(7) DEFAULT (SYSDATETIME()),
    [Notes] NVARCHAR(MAX) NULL,
    [Doc] VARBINARY(MAX),
    [Amount] DECIMAL(19,4) DEFAULT 0 CHECK (Amount >= 0),
    [Flag] BIT DEFAULT 1,
    [Customer] INT REFERENCES dbo.Customers (CustomerID) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT UQ_Orders UNIQUE NONCLUSTERED ([Placed], [Customer])
);
CREATE UNIQUE NONCLUSTERED INDEX IX_Orders_Notes ON dbo.Orders (Customer) WHERE Customer IS NOT NULL;
CREATE INDEX IX_Orders_Status ON dbo.Orders (Status ASC) INCLUDE (Amount) WHERE Status IN (N'A', N'B') AND Amount > 0;
GO
