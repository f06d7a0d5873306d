// The recycle bin (issue 13.3): deleted records, restored by those who may delete them.
export default {
  en: {
    recycle: {
      title: "Recycle bin",
      intro: "Deleted records stay here and can be restored with their history. Choose the kind of record.",
      record: "Record", deletedAt: "Deleted at", restore: "Restore", empty: "Nothing deleted",
      restored: "“{{name}}” is restored.", open: "Open it",
      deletedToast: "Deleted. It is in the recycle bin, where it can be restored.",
    },
  },
  zh: {
    recycle: {
      title: "回收站",
      intro: "删除的记录保留在这里，可连同历史一起恢复。请选择记录类型。",
      record: "记录", deletedAt: "删除时间", restore: "恢复", empty: "没有已删除的记录",
      restored: "“{{name}}”已恢复。", open: "打开",
      deletedToast: "已删除，可在回收站中恢复。",
    },
  },
};
