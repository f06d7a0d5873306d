"""The demo company's vocabulary, in Chinese and English: places, industries,
people's and companies' names, products, campaigns, follow-up notes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    zh: str
    en: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Province:
    zh: str
    en: str
    region: str  # team key: east | south | north
    cities: tuple[City, ...]


PROVINCES = (
    Province("上海", "Shanghai", "east", (City("上海", "Shanghai", 31.2304, 121.4737),)),
    Province("江苏", "Jiangsu", "east", (City("南京", "Nanjing", 32.0603, 118.7969),
                                        City("苏州", "Suzhou", 31.2990, 120.5853),
                                        City("无锡", "Wuxi", 31.4912, 120.3119))),
    Province("浙江", "Zhejiang", "east", (City("杭州", "Hangzhou", 30.2741, 120.1551),
                                         City("宁波", "Ningbo", 29.8683, 121.5440),
                                         City("温州", "Wenzhou", 27.9943, 120.6994))),
    Province("安徽", "Anhui", "east", (City("合肥", "Hefei", 31.8206, 117.2272),)),
    Province("山东", "Shandong", "east", (City("济南", "Jinan", 36.6512, 117.1201),
                                         City("青岛", "Qingdao", 36.0671, 120.3826))),
    Province("福建", "Fujian", "south", (City("福州", "Fuzhou", 26.0745, 119.2965),
                                        City("厦门", "Xiamen", 24.4798, 118.0894))),
    Province("广东", "Guangdong", "south", (City("广州", "Guangzhou", 23.1291, 113.2644),
                                           City("深圳", "Shenzhen", 22.5431, 114.0579),
                                           City("东莞", "Dongguan", 23.0207, 113.7518),
                                           City("佛山", "Foshan", 23.0218, 113.1219))),
    Province("广西", "Guangxi", "south", (City("南宁", "Nanning", 22.8170, 108.3665),)),
    Province("海南", "Hainan", "south", (City("海口", "Haikou", 20.0440, 110.1999),)),
    Province("北京", "Beijing", "north", (City("北京", "Beijing", 39.9042, 116.4074),)),
    Province("天津", "Tianjin", "north", (City("天津", "Tianjin", 39.3434, 117.3616),)),
    Province("河北", "Hebei", "north", (City("石家庄", "Shijiazhuang", 38.0428, 114.5149),
                                       City("唐山", "Tangshan", 39.6305, 118.1802))),
    Province("山西", "Shanxi", "north", (City("太原", "Taiyuan", 37.8706, 112.5489),)),
    Province("内蒙古", "Inner Mongolia", "north", (City("呼和浩特", "Hohhot", 40.8424, 111.7491),)),
)

REGIONS = {"east": ("华东", "East China"), "south": ("华南", "South China"),
           "north": ("华北", "North China")}

# industry → (zh, en, company-name words zh, en)
INDUSTRIES = (
    ("制造业", "Manufacturing", ("精密机械", "智能装备", "自动化设备"),
     ("Precision Machinery", "Smart Equipment", "Automation")),
    ("汽车", "Automotive", ("汽车零部件", "汽车科技"), ("Auto Parts", "Automotive Tech")),
    ("电子", "Electronics", ("电子", "半导体", "光电"), ("Electronics", "Semiconductor",
                                                       "Optoelectronics")),
    ("物流", "Logistics", ("物流", "供应链", "仓储"), ("Logistics", "Supply Chain",
                                                     "Warehousing")),
    ("零售", "Retail", ("商贸", "连锁超市", "百货"), ("Trading", "Supermarkets", "Retail")),
    ("医疗", "Healthcare", ("医疗器械", "医药"), ("Medical Devices", "Pharmaceuticals")),
    ("食品饮料", "Food & Beverage", ("食品", "饮品", "乳业"), ("Foods", "Beverages", "Dairy")),
    ("能源", "Energy", ("新能源", "电力设备"), ("New Energy", "Power Equipment")),
    ("化工", "Chemicals", ("化工", "新材料"), ("Chemicals", "New Materials")),
    ("纺织服装", "Textiles & Apparel", ("纺织", "服饰"), ("Textiles", "Apparel")),
)
BRANDS = (("华信", "Huaxin"), ("远景", "Yuanjing"), ("恒通", "Hengtong"), ("嘉禾", "Jiahe"),
          ("瑞丰", "Ruifeng"), ("新元", "Xinyuan"), ("博达", "Boda"), ("中科", "Zhongke"),
          ("天成", "Tiancheng"), ("宏图", "Hongtu"), ("金桥", "Jinqiao"), ("海纳", "Haina"),
          ("智联", "Zhilian"), ("星河", "Xinghe"), ("云帆", "Yunfan"), ("鼎盛", "Dingsheng"),
          ("汇通", "Huitong"), ("盛世", "Shengshi"), ("卓越", "Zhuoyue"), ("长城", "Changcheng"),
          ("东方", "Dongfang"), ("万达", "Wanda"), ("合力", "Heli"), ("永信", "Yongxin"),
          ("佳美", "Jiamei"), ("立新", "Lixin"), ("同创", "Tongchuang"), ("振华", "Zhenhua"))
COMPANY_FORMS = (("有限公司", "Co., Ltd."), ("股份有限公司", "Corp."),
                 ("集团有限公司", "Group Co., Ltd."))

SURNAMES = (("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
            ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
            ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"),
            ("郭", "Guo"), ("何", "He"), ("高", "Gao"), ("林", "Lin"), ("罗", "Luo"),
            ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"),
            ("许", "Xu"), ("韩", "Han"), ("冯", "Feng"), ("邓", "Deng"), ("曹", "Cao"))
GIVEN_ZH = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
            "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "晓东", "海燕",
            "文博", "思远", "子涵", "雨桐", "浩然", "欣怡", "俊杰", "佳琪", "宇航", "梦瑶",
            "立新", "国栋", "晓明", "丽娟", "春梅", "天宇", "嘉怡", "博文", "一鸣", "若曦")
GIVEN_EN = ("James", "Emily", "Michael", "Sophia", "David", "Olivia", "Daniel", "Grace",
            "Kevin", "Lucy", "Jason", "Helen", "Eric", "Amy", "Tony", "Linda", "Frank",
            "Cathy", "Peter", "Vivian", "Jack", "Iris", "Leo", "Nina", "Ryan", "Alice",
            "Steven", "Cindy", "Vincent", "Judy", "Henry", "Rachel", "Bruce", "Wendy")
TITLES = (("总经理", "General Manager"), ("采购经理", "Purchasing Manager"),
          ("IT 总监", "IT Director"), ("运营总监", "Operations Director"),
          ("财务经理", "Finance Manager"), ("生产经理", "Production Manager"),
          ("仓储主管", "Warehouse Supervisor"), ("信息化专员", "IT Specialist"),
          ("副总裁", "Vice President"), ("项目经理", "Project Manager"))

# (code, zh, en, unit zh, unit en, category zh, en, list price, typical quantity range)
PRODUCTS = (
    ("WMS-STD", "智能仓储管理系统 标准版", "Smart WMS Standard", "套", "licence",
     "软件", "Software", "180000", (1, 1)),
    ("WMS-ENT", "智能仓储管理系统 企业版", "Smart WMS Enterprise", "套", "licence",
     "软件", "Software", "380000", (1, 1)),
    ("MES-CORE", "生产执行系统 MES 核心模块", "MES Core Module", "套", "licence",
     "软件", "Software", "260000", (1, 1)),
    ("IOT-GW", "设备物联网关", "IoT Gateway", "台", "unit", "硬件", "Hardware", "6800",
     (5, 40)),
    ("SENSOR-KIT", "温湿度传感器套件", "Temperature & Humidity Sensor Kit", "套", "kit",
     "硬件", "Hardware", "1200", (20, 200)),
    ("IMPL-DAY", "实施与部署服务", "Implementation Services", "人天", "person-day",
     "服务", "Services", "2500", (10, 120)),
    ("SUPPORT-Y", "年度运维服务", "Annual Support", "年", "year", "服务", "Services",
     "48000", (1, 3)),
    ("TRAINING", "用户培训", "User Training", "场", "session", "服务", "Services", "15000",
     (1, 4)),
)

# (channel, zh name, en name, budget, months ago it started, length in days, utm source)
CAMPAIGNS = (
    ("exhibition", "2025 中国国际工业博览会", "China International Industry Fair 2025",
     "320000", 11, 5, None),
    ("search", "百度搜索推广 · 智能仓储", "Baidu search ads: smart warehousing", "150000", 10,
     300, "baidu"),
    ("wechat", "微信公众号 · 数字化工厂白皮书", "WeChat white paper: the digital factory",
     "60000", 8, 90, "wechat"),
    ("webinar", "线上研讨会：仓储自动化降本增效", "Webinar: cheaper warehouses with automation",
     "30000", 6, 1, "webinar"),
    ("partner", "渠道伙伴联合推广（华南）", "Partner co-marketing (South China)", "90000", 5,
     120, None),
    ("telemarketing", "老客户回访与增购", "Customer check-ins and upsell calls", "20000", 3,
     60, None),
)
LEAD_SOURCES = {"exhibition": ("展会", "Trade show"), "search": ("搜索推广", "Search ads"),
                "wechat": ("微信", "WeChat"), "webinar": ("线上研讨会", "Webinar"),
                "partner": ("渠道伙伴", "Partner"), "telemarketing": ("电话营销", "Telemarketing"),
                "website": ("官网表单", "Website form"), "referral": ("客户推荐", "Referral")}

LOST_REASONS = (("价格高于竞品", "Price above a competitor's"),
                ("客户预算冻结", "Customer budget frozen"),
                ("选择了竞争对手", "Chose a competitor"),
                ("需求变更，项目取消", "Requirements changed, project cancelled"),
                ("决策周期过长，暂缓", "Decision postponed"))

ACTIVITY_NOTES = {
    "call": (("电话沟通需求，客户关注库存准确率和拣货效率。",
              "Call: they care about stock accuracy and picking speed."),
             ("电话跟进报价反馈，客户希望分期付款。",
              "Call about the quote: they would like to pay in instalments.")),
    "visit": (("上门拜访，参观仓库现场，确认改造范围。",
               "Site visit: walked the warehouse, agreed the scope."),
              ("拜访采购与 IT 负责人，介绍实施方法论。",
               "Met purchasing and IT; presented our implementation approach.")),
    "meeting": (("方案评审会，技术问题已基本澄清。",
                 "Solution review: the technical questions are settled."),
                ("商务谈判：讨论折扣与付款条件。",
                 "Negotiation: discount and payment terms.")),
    "email": (("发送产品白皮书与成功案例。", "Sent the white paper and case studies."),
              ("邮件确认合同条款修改意见。", "Email confirming the contract changes.")),
    "note": (("客户下季度有新仓库投产计划，可重点跟进。",
              "A new warehouse opens next quarter: follow up closely."),
             ("竞争对手也在接触，需尽快安排演示。",
              "A competitor is talking to them too: demo soon.")),
}
TASK_TITLES = (("发送正式报价单", "Send the formal quote"),
               ("安排产品演示", "Schedule a product demo"),
               ("确认合同条款", "Confirm the contract terms"),
               ("催收第二期回款", "Chase the second instalment"),
               ("回访上线效果", "Check in after go-live"),
               ("准备技术方案", "Prepare the technical proposal"))
