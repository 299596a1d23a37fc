import { fields, num, str, type HandlerTable } from "./types";

/** ConsortiumDirectory: organisations, roles, signing accounts, company prefixes, admin roles. */
export const directoryHandlers: HandlerTable = {
  OrganisationAdmitted: (sql, e) =>
    sql.run("INSERT INTO organisations VALUES (?, 1, ?, ?)", str(e.args.gln), num(e.args.roles), e.id),
  OrganisationSuspended: (sql, e) => sql.run("UPDATE organisations SET status = 2 WHERE gln = ?", str(e.args.gln)),
  OrganisationReactivated: (sql, e) => sql.run("UPDATE organisations SET status = 1 WHERE gln = ?", str(e.args.gln)),
  OrganisationRoleGranted: (sql, e) =>
    sql.run("UPDATE organisations SET roles = roles | ? WHERE gln = ?", 1 << num(e.args.role), str(e.args.gln)),
  OrganisationRoleRevoked: (sql, e) =>
    sql.run("UPDATE organisations SET roles = roles & ~? WHERE gln = ?", 1 << num(e.args.role), str(e.args.gln)),
  AccountAdded: (sql, e) => sql.run("INSERT INTO accounts VALUES (?, ?)", str(e.args.account), str(e.args.gln)),
  AccountRemoved: (sql, e) => sql.run("DELETE FROM accounts WHERE address = ?", str(e.args.account)),
  AccountRotated: (sql, e) => {
    sql.run("DELETE FROM accounts WHERE address = ?", str(e.args.oldAccount));
    sql.run("INSERT INTO accounts VALUES (?, ?)", str(e.args.newAccount), str(e.args.gln));
  },
  CompanyPrefixAssigned: (sql, e) =>
    sql.run("INSERT INTO company_prefixes VALUES (?, ?)", str(e.args.prefix), str(e.args.gln)),
  CompanyPrefixRevoked: (sql, e) => sql.run("DELETE FROM company_prefixes WHERE prefix = ?", str(e.args.prefix)),
  OrganisationValidatorChanged: (sql, e) =>
    /^0x0{40}$/.test(str(e.args.validator))
      ? sql.run("DELETE FROM validators WHERE gln = ?", str(e.args.gln))
      : sql.run("INSERT OR REPLACE INTO validators VALUES (?, ?)", ...fields(e, "gln", "validator")),
  RoleGranted: (sql, e) =>
    sql.run("INSERT OR IGNORE INTO admin_roles VALUES (?, ?)", str(e.args.role), str(e.args.account)),
  RoleRevoked: (sql, e) =>
    sql.run("DELETE FROM admin_roles WHERE role = ? AND account = ?", str(e.args.role), str(e.args.account)),
};

/** ProductRegistry: products (UDI-DI). */
export const productHandlers: HandlerTable = {
  ProductRegistered: (sql, e) =>
    sql.run(
      "INSERT INTO products VALUES (?, ?, ?, ?, ?)",
      ...fields(e, "gtin", "manufacturer", "metadataHash", "tracked", "implantable"),
    ),
  ProductMetadataUpdated: (sql, e) =>
    sql.run("UPDATE products SET metadata_hash = ? WHERE gtin = ?", str(e.args.metadataHash), str(e.args.gtin)),
};
