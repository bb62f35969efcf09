"""The departments of the synthetic county portal (虚构数据): plausible county departments and
their subordinate units, each with the county's group it is listed under and the work its
made-up figures are about."""

from __future__ import annotations

from dataclasses import dataclass

# The county's groups, in the order its portal lists them.
GROUPS = ("县委部门", "县人大、县政协", "政府工作部门", "群团组织", "事业单位")


@dataclass(frozen=True)
class Department:
    id: str  # its folder under data/: the first part of its URLs
    name: str  # without the county: 教育局 is 新晃侗族自治县教育局
    short: str  # as its reports call it: 县教育局
    group: str
    works: tuple[str, ...]  # what its themes and indicators are about

    def full_name(self, county: str) -> str:
        """As its reports print it: 县委组织部 is 中共新晃侗族自治县委员会组织部."""
        if self.name.startswith("共青团"):
            return f"共青团{county}委员会"
        if self.name.startswith("县委"):
            return f"中共{county}委员会{self.name[2:]}"
        return county + self.name.removeprefix("县")


def _d(id_: str, name: str, short: str, group: int, works: str) -> Department:
    return Department(id_, name, short, GROUPS[group], tuple(works.split()))


SEED_ID = "renshe"  # the seed department (data/2021.yaml)

CATALOGUE = (
    _d("renshe", "人力资源和社会保障局", "县人社局", 2, "就业创业 社会保障 人事人才 劳动维权"),
    _d("xwbgs", "县委办公室", "县委办", 0, "文稿起草 督查督办 机要保密 信息报送"),
    _d("zzb", "县委组织部", "县委组织部", 0, "干部培训 基层党建 人才引进 党员教育"),
    _d("xcb", "县委宣传部", "县委宣传部", 0, "理论宣讲 文明创建 新闻宣传 网络管理"),
    _d("tzb", "县委统战部", "县委统战部", 0, "民族宗教 党外人士联络 侨务工作"),
    _d("zfw", "县委政法委员会", "县委政法委", 0, "平安建设 矛盾调处 综治中心建设"),
    _d("jw", "县纪律检查委员会", "县纪委", 0, "信访举报 案件审查 廉政教育"),
    _d("rd", "县人大常委会办公室", "县人大办", 1, "代表联络 执法检查 立法调研"),
    _d("zx", "县政协办公室", "县政协办", 1, "提案办理 民主监督 文史编研"),
    _d("zfb", "县人民政府办公室", "县政府办", 2, "政务公开 政务服务 应急值守"),
    _d("fgj", "发展和改革局", "县发改局", 2, "项目建设 价格监测 粮食储备"),
    _d("jiaoyu", "教育局", "县教育局", 2, "学前教育 义务教育 学生资助 教师培训 校园安全"),
    _d("kgj", "科技和工业信息化局", "县科工局", 2, "企业培育 科技创新 园区建设"),
    _d("gaj", "公安局", "县公安局", 2, "治安防控 交通管理 户籍服务 反诈宣传"),
    _d("minzheng", "民政局", "县民政局", 2, "社会救助 养老服务 儿童福利 婚姻登记"),
    _d("sfj", "司法局", "县司法局", 2, "法律援助 人民调解 社区矫正 普法宣传"),
    _d("czj", "财政局", "县财政局", 2, "预算管理 国库支付 绩效评价 政府采购"),
    _d("zrzy", "自然资源局", "县自然资源局", 2, "耕地保护 不动产登记 地质灾害防治"),
    _d("sthj", "生态环境分局", "县生态环境分局", 2, "大气治理 水质监测 环境执法"),
    _d("zjj", "住房和城乡建设局", "县住建局", 2, "保障住房 城镇燃气 农房改造 建筑安全"),
    _d("jtys", "交通运输局", "县交通运输局", 2, "农村公路 客运管理 桥梁养护"),
    _d("slj", "水利局", "县水利局", 2, "农村供水 河道治理 水库巡查 防汛抗旱"),
    _d("nyj", "农业农村局", "县农业农村局", 2, "高标准农田 种业推广 农产品质量 乡村建设"),
    _d("lyj", "林业局", "县林业局", 2, "森林防火 植树造林 林权管理"),
    _d("swj", "商务局", "县商务局", 2, "电商发展 招商引资 市场供应"),
    _d("wlj", "文化旅游广电体育局", "县文旅广体局", 2, "文化惠民 景区管理 全民健身 文物保护"),
    _d("wjj", "卫生健康局", "县卫健局", 2, "公共卫生 家庭医生签约 妇幼健康 疾病防控"),
    _d("tyjr", "退役军人事务局", "县退役军人事务局", 2, "优抚安置 服务保障 褒扬纪念"),
    _d("yjj", "应急管理局", "县应急管理局", 2, "安全生产 应急救援 防灾减灾"),
    _d("sjj", "审计局", "县审计局", 2, "预算执行审计 经济责任审计 投资审计"),
    _d("scjg", "市场监督管理局", "县市场监管局", 2, "食品安全 药品监管 特种设备 市场主体登记"),
    _d("tjj", "统计局", "县统计局", 2, "统计调查 经济普查 数据发布"),
    _d("ybj", "医疗保障局", "县医保局", 2, "医保参保 医保支付 基金监管"),
    _d("cgj", "城市管理和综合执法局", "县城管局", 2, "市容管理 环境卫生 违建治理"),
    _d("xfj", "信访局", "县信访局", 2, "来信来访 积案化解 网上信访"),
    _d("sjfw", "数据服务中心", "县数据服务中心", 2, "政务数据 网络安全 电子政务"),
    _d("xzsp", "行政审批服务局", "县行政审批服务局", 2, "审批服务 一件事一次办 帮代办"),
    _d("gh", "总工会", "县总工会", 3, "职工帮扶 劳模服务 职工技能竞赛"),
    _d("tw", "共青团委员会", "团县委", 3, "青少年服务 志愿服务 希望工程"),
    _d("fl", "妇女联合会", "县妇联", 3, "妇女就业 儿童关爱 家庭建设"),
    _d("kx", "科学技术协会", "县科协", 3, "科普宣传 学会建设 科技下乡"),
    _d("cl", "残疾人联合会", "县残联", 3, "残疾人康复 残疾人就业 辅具适配"),
    _d("gsl", "工商业联合会", "县工商联", 3, "民营企业服务 商会建设"),
    _d("jiaoyu-yz", "第一中学", "县一中", 4, "高中教学 学生资助 校舍维修"),
    _d("jiaoyu-ez", "第二中学", "县二中", 4, "初中教学 学生资助 校园安全"),
    _d("jiaoyu-zz", "职业中专学校", "县职业中专", 4, "职业培训 学生实习 专业建设"),
    _d("wjj-rmyy", "人民医院", "县人民医院", 4, "门诊服务 住院服务 医疗设备 医共体建设"),
    _d("wjj-zyy", "中医医院", "县中医医院", 4, "中医诊疗 康复理疗 医疗服务"),
    _d("wjj-fy", "妇幼保健计划生育服务中心", "县妇幼保健院", 4, "孕产妇保健 儿童保健"),
    _d("wjj-jk", "疾病预防控制中心", "县疾控中心", 4, "预防接种 传染病防控 健康监测"),
    _d("renshe-sb", "社会保险服务中心", "县社保中心", 4, "养老保险经办 工伤保险 待遇发放"),
    _d("renshe-jy", "就业服务中心", "县就业服务中心", 4, "职业介绍 创业担保贷款 技能培训"),
    _d("minzheng-fly", "社会福利院", "县社会福利院", 4, "集中供养 护理服务"),
    _d("nyj-nj", "农业技术推广中心", "县农技中心", 4, "农技推广 病虫害防治 测土配方"),
    _d("slj-sw", "水文水资源勘测站", "县水文站", 4, "水文监测 水资源调查"),
    _d("zrzy-bdc", "不动产登记中心", "县不动产登记中心", 4, "不动产登记 档案管理"),
    _d("czj-gk", "国库集中支付中心", "县国库集中支付中心", 4, "国库支付 会计核算"),
    _d("wlj-tsg", "图书馆", "县图书馆", 4, "图书借阅 阅读推广 数字资源"),
    _d("wlj-whg", "文化馆", "县文化馆", 4, "群众文艺 非遗传承 文化培训"),
    _d("cgj-hw", "环境卫生服务中心", "县环卫中心", 4, "垃圾清运 道路保洁 公厕管理"),
    _d("jtys-gl", "公路建设养护中心", "县公路中心", 4, "公路养护 安全防护 应急保通"),
    _d("lyj-lc", "国有林场", "县国有林场", 4, "森林管护 林木抚育 防火巡查"),
    _d("gaj-jg", "看守所", "县看守所", 4, "监管安全 设施维护"),
    _d("yjj-xf", "应急救援中心", "县应急救援中心", 4, "救援演练 物资储备"),
    _d("sjfw-12345", "政务服务热线中心", "县12345热线中心", 4, "热线受理 工单办理 回访服务"),
)

# Beyond the catalogue (a province-sized portal): the schools and clinics of made-up towns.
TOWNS = ("东山", "西溪", "南岭", "北坪", "中和", "上寨", "下坝", "清水", "石门", "凉伞")
TOWN_UNITS = (
    ("zx", "镇中心学校", "学生资助 校舍维修 教师培训"),
    ("wsy", "镇卫生院", "基本公共卫生 家庭医生签约 预防接种"),
    ("zf", "镇人民政府", "乡村振兴 人居环境 基层治理 农村供水"),
)


def departments(count: int) -> list[Department]:
    """``count`` departments: the catalogue's first, then the towns' units."""
    out = list(CATALOGUE[:count])
    n = 0
    while len(out) < count:
        town, (suffix, kind, works) = TOWNS[n // 3 % len(TOWNS)], TOWN_UNITS[n % 3]
        round_ = n // (3 * len(TOWNS))
        town_id = f"town{n // 3 % len(TOWNS) + 1}-{suffix}" + (f"-{round_ + 1}" if round_ else "")
        name = f"{town}{kind}" + (f"（{round_ + 1}）" if round_ else "")
        out.append(Department(town_id, name, name, GROUPS[4], tuple(works.split())))
        n += 1
    return out
