// English UI strings. Every key here must exist in zh.ts too (a test checks).
const en = {
  app: { name: "SalesCRM" },
  common: {
    all: "View all", cancel: "Cancel", delete: "Delete", edit: "Edit", editField: "Edit {{field}}",
    loading: "Loading…", new: "New", no: "No", noResults: "Nothing found", remove: "Remove",
    retry: "Try again", save: "Save", saved: "Saved", yes: "Yes",
  },
  login: {
    tagline: "From lead to payment, in one place", email: "Email", emailRequired: "Enter your email",
    password: "Password", passwordRequired: "Enter your password", submit: "Sign in",
  },
  nav: {
    home: "My day", dashboard: "Dashboard", analytics: "Analytics", reports: "Reports", customers: "Customers", leads: "Leads",
    leadPool: "Lead pool", deals: "Deals", kanban: "Pipeline board", orders: "Orders & payments",
    activities: "Activities", service: "Service", more: "More", admin: "Administration",
    adminHome: "Overview", fields: "Fields", audit: "Audit log", logout: "Sign out", menu: "Menu",
    account: "My account",
  },
  search: {
    open: "Search", placeholder: "Search customers, contacts, leads…",
    hint: "Type a name, phone or email. Enter opens, ↑↓ move.", none: "Nothing matches “{{q}}”",
  },
  notifications: { title: "Notifications", empty: "You are all caught up" },
  notFound: { title: "Page not found", text: "This address leads nowhere.", home: "Back to my day" },
  error: {
    network: "Cannot reach the server. Check your connection and try again; what you typed is kept.",
    unknown: "Something went wrong. Try again; if it keeps happening, tell your administrator.",
    loadFailed: "Could not load this", forbidden: "You do not have access to this",
  },
  form: {
    createTitle: "New {{object}}", editTitle: "Edit {{object}}", required: "{{field}} is required",
    requiredShort: "Required", tooLong: "At most {{max}} characters", email: "Enter a valid email address",
    money: "Enter an amount like 12500.00", number: "Enter a number", url: "Enter a web address starting with http:// or https://",
    searchPlaceholder: "Type to search",
  },
  duplicate: {
    title: "This may already exist", open: "open", saveAnyway: "Save anyway",
  },
  conflict: {
    title: "Someone else changed this record", text: "It was saved by someone else after you opened it. Compare both versions, choose what to keep for each field, then save.",
    field: "Field", mine: "Your change", theirs: "Saved by them", keep: "Keep", keepMine: "Mine",
    keepTheirs: "Theirs", both: "Both changed", save: "Save merged",
  },
  list: {
    total: "{{count}} records", search: "Search {{object}}", filters: "Filters", noFilters: "No filters yet.",
    addFilter: "Add filter", applyFilters: "Apply", clearFilters: "Clear", columns: "Columns",
    export: "Export", exportUnavailable: "Export is not available on this server yet.",
    empty: "Nothing here yet", loadMore: "Load more", unknownObject: "There is no object “{{object}}”.",
  },
  views: { title: "Views", mine: "Only mine", save: "Save current view…", name: "View name" },
  op: {
    eq: "is", ne: "is not", in: "is one of", contains: "contains", gte: "≥", lte: "≤", gt: ">", lt: "<",
    isnull: "is", empty: "empty", notEmpty: "not empty",
  },
  bulk: {
    selected: "{{count}} selected", assign: "Assign owner", edit: "Edit field", field: "Field",
    deleteTitle: "Delete {{count}} records?", deleteText: "They go to the recycle bin and can be restored.",
    done: "Done: {{count}} records", partial: "{{ok}} done, {{failed}} failed: {{reason}}",
  },
  detail: {
    details: "Details", related: "Related", timeline: "Timeline", groupMain: "Information",
    groupCustom: "Custom fields", groupSystem: "System", groupMore: "More", noRelated: "No related records",
    notFound: "This record does not exist or you cannot see it", backToList: "Back to the list",
    deleteTitle: "Delete “{{name}}”?", deleteText: "It goes to the recycle bin and can be restored.",
    deleted: "Deleted",
  },
  timeline: {
    empty: "No history yet",
    action: { create: "Created", update: "Updated", delete: "Deleted", restore: "Restored", convert: "Converted" },
    kind: { activity: "Activity", comment: "Comment", approval: "Approval", change: "Change", stage: "Stage" },
  },
  followUp: {
    hint: "Tap what happened, then Save", logged: "Follow-up logged", notePlaceholder: "Notes (optional)",
    default: { call: "Called", visit: "Visited", meeting: "Met", note: "Note" },
  },
  checkin: {
    button: "Check in", title: "Check in here", locating: "Finding your location…",
    denied: "Location access was denied. Allow it in the browser settings to check in.",
    unavailable: "Your location is not available right now. Try again outdoors or later.",
    unsupported: "This browser cannot share a location.", address: "Address (optional)",
    save: "Check in", content: "Checked in at {{address}}",
  },
  myDay: {
    morning: "Good morning, {{name}}", afternoon: "Good afternoon, {{name}}", evening: "Good evening, {{name}}",
    tasks: "Today's tasks", tasksSoon: "Tasks appear here once the task module is installed.",
    noTasks: "Nothing due today", overdue: "Overdue", due: "Due", markDone: "Mark done",
    taskDone: "Task done", openRelated: "Open", recent: "Recent {{object}}",
    closing: "Deals closing in 30 days", noClosing: "No open deal closes in the next 30 days",
  },
  account: {
    won: "Won", ordered: "Ordered", paid: "Paid", receivable: "Receivable", contacts: "Contacts",
    deals: "Deals", orders: "Orders", payments: "Payments",
  },
  lead: {
    claim: "Claim", claimed: "Lead claimed — it is yours now", release: "Return to pool",
    released: "Lead returned to the pool", convert: "Convert", convertTitle: "Convert “{{name}}”",
    convertText: "Creates an account and a contact from this lead, and optionally a deal.",
    createDeal: "Also create a deal", dealName: "Deal name", dealAmount: "Amount", closeDate: "Expected close date",
    duplicatesFound_one: "A similar customer already exists", duplicatesFound_other: "{{count}} similar customers already exist", createNewAccount: "Create a new account",
    useExisting: "Use existing", openAccount: "Open the customer", poolHint: "Unassigned leads. Claim one to work it.",
    poolEmpty: "The pool is empty",
    convertAnyway: "Convert anyway (keep both)", contactDuplicatesFound_one: "A similar contact already exists", contactDuplicatesFound_other: "{{count}} similar contacts already exist",
    createNewContact: "Create a new contact",
  },
  kanban: {
    title: "Pipeline board", won: "Won", lost: "Lost", noStages: "This pipeline has no stages",
    needsFields: "This stage needs more information", more: "{{count}} more in the list →",
  },
  order: {
    new: "New order", editTitle: "Edit order", lines: "Products", product: "Product", quantity: "Quantity",
    unitPrice: "Unit price", discount: "Discount", amount: "Amount", total: "Total", addLine: "Add line",
    number: "Order", status: "Status", date: "Date", editLines: "Edit lines", submit: "Submit for approval",
    submitted: "Submitted for approval",
  },
  quote: {
    new: "New quote", editTitle: "Edit quote", editLines: "Edit lines", toOrder: "Create the order",
    ordered: "Order created from this quote",
  },
  payment: {
    record: "Record payment", title: "Record a payment", save: "Record", amount: "Amount", paidOn: "Paid on",
    method: "Method", owed: "Still owed: {{amount}}", over: "More than what is owed",
    amountRequired: "Enter an amount greater than 0",
  },
  dashboard: {
    title: "Sales dashboard", openDeals: "Open deals", weighted: "Weighted forecast",
    historical: "Forecast (historical win rates)", won: "Won", funnel: "Funnel by stage",
    amountByStage: "Amount by stage", stageTable: "Stages", stage: "Stage", count: "Deals", amount: "Amount",
    conversion: "Conversion", noData: "No data yet", pipeline: "Open pipeline",
    trend: "Won and weighted, by month", leaderboard: "Leaderboard", receivables: "Receivables by order month",
  },
  reports: {
    title: "Report builder", object: "Object", groupBy: "Group by {{n}}", addGroup: "Add grouping",
    measures: "Measures", addMeasure: "Add measure", run: "Run", table: "Table", chart: "Chart",
    rows_one: "{{count}} row", rows_other: "{{count}} rows",
    bucket: { day: "Day", week: "Week", month: "Month", quarter: "Quarter", year: "Year" },
    agg: { count: "Count", sum: "Sum", avg: "Average", min: "Minimum", max: "Maximum" },
  },
  roles: {
    builtin: "A built-in role: the server may refuse changes to it.", dataScope: "Data scope", object: "Object",
    fieldPermissions: "Field permissions", level: "Access", editor: "Permissions",
    allObjects: "All objects (default)", inherited: "as default", inherit: "Use default",
    actions: { read: "Read", create: "Create", update: "Edit", delete: "Delete", export: "Export", approve: "Approve" },
    levels: { full: "Full access", readonly: "Read-only", masked: "Masked", hidden: "Hidden" },
  },
  departments: { title: "Organisation", addChild: "Add a sub-department" },
  admin: {
    users: { title: "Users", text: "Invite people, set roles and managers" },
    departments: { title: "Departments", text: "The organisation tree behind data scope" },
    roles: { title: "Roles", text: "What each role may do and see" },
    fields: { title: "Fields", text: "Custom fields on every object" },
    audit: { title: "Audit log", text: "Every change: who, when, what" },
  },
  audit: { allObjects: "All objects", at: "When", action: "Action", object: "Record", changes: "Changes" },
  fields: {
    add: "Add field", label: "Label", apiName: "API name", apiNameHelp: "Lowercase letters, digits and _, e.g. budget_code",
    apiNamePattern: "Start with a letter; use a–z, 0–9 and _", type: "Type", required: "Required",
    custom: "Custom", readonly: "Read-only", options: "Options", optionsHelp: "Separate options with commas or new lines",
    target: "Links to", unavailable: "Adding fields is not available on this server yet.",
    types: {
      text: "Text", textarea: "Long text", number: "Number", integer: "Whole number", money: "Money", date: "Date",
      datetime: "Date and time", boolean: "Yes / no", picklist: "Picklist", multi_picklist: "Multi-select",
      email: "Email", phone: "Phone", url: "Web address", lookup: "Lookup", json: "Structured",
    },
  },
  pick: {
    status: {
      new: "New", contacted: "Contacted", qualified: "Qualified", unqualified: "Unqualified", converted: "Converted",
      open: "Open", won: "Won", lost: "Lost", draft: "Draft", submitted: "Submitted", approved: "Approved",
      rejected: "Rejected", fulfilled: "Fulfilled", cancelled: "Cancelled", done: "Done", pending: "Pending",
    },
    kind: { call: "Call", visit: "Visit", meeting: "Meeting", email: "Email", note: "Note", checkin: "Check-in" },
    data_scope: { own: "Own records", department: "Department", department_and_below: "Department and below", all: "All" },
    locale: { "zh-CN": "中文", en: "English" },
  },
};

export default en;
export type Messages = typeof en;
