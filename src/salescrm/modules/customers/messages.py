"""Messages of customers, pools and merges, in zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "pool.not_in_pool": {
        "en": "This record is not in the pool: someone else already holds it.",
        "zh-CN": "该记录不在公海中：已有其他人负责。",
    },
    "pool.already_in_pool": {
        "en": "This record is already in the pool.",
        "zh-CN": "该记录已在公海中。",
    },
    "pool.closed_record": {
        "en": "A record with status “{record_status}” cannot be claimed or returned to the pool.",
        "zh-CN": "状态为“{record_status}”的记录不能领取或退回公海。",
    },
    "pool.cap_reached": {
        "en": "You already hold {max} open {object}, the most allowed. Release or convert "
              "some before claiming more.",
        "zh-CN": "您已持有 {max} 条未关闭的{object}，达到上限。请先释放或转化部分后再领取。",
    },
    "pool.unsupported_object": {
        "en": "“{object}” has no pool.",
        "zh-CN": "对象“{object}”没有公海。",
    },
    "customers.merge_self": {
        "en": "An account cannot be merged with itself.",
        "zh-CN": "客户不能与自身合并。",
    },
})
