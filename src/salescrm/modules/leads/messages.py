"""Messages of leads, in zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "leads.released_because": {
        "en": "Returned to the pool: {reason}",
        "zh-CN": "退回公海：{reason}",
    },
    "leads.already_converted": {
        "en": "This lead has already been converted.",
        "zh-CN": "该线索已转化，不能重复转化。",
    },
    "leads.convert_with_action": {
        "en": "A lead becomes “converted” only by converting it (POST /leads/{id}/convert).",
        "zh-CN": "线索只能通过“转化”操作变为已转化（POST /leads/{id}/convert）。",
    },
    "leads.already_converted_status": {
        "en": "A converted lead keeps its status.",
        "zh-CN": "已转化的线索不能再修改状态。",
    },
    "leads.contact_other_account": {
        "en": "This contact belongs to another account.",
        "zh-CN": "该联系人属于其他客户。",
    },
})
