/*
 * demo_svc.c - the demo county: 青山县公安局 with five stations, their teams, 48 grids on a
 * jittered lattice around the county seat, about seventy officers and a history of calls.
 *
 * Invariants: every random choice comes from one splitmix64 stream seeded by opts->seed and
 * drawn in a fixed order, so the rows are a function of (seed, days, anchor); every incident
 * lies inside its grid's polygon, belongs to that grid's station and is dispatched to a
 * patrol or community officer of it; every transition goes through xa_incident_next and
 * leaves an event, so the timeline is one the real service could have written.
 * Planted patterns for the analysis pages: night car-door thefts (拉车门) at 幸福小区 in
 * 河东, e-bike thefts at the 南门夜市 in 城关, repeated land disputes in 柳林乡杨树湾村 and a
 * winter dog-theft series in 石门's villages; and the calls of the series planted for linkage
 * (enum demo_series: one 城关 compound's night car-door thefts, dog poisonings in three 石门
 * villages, an e-bike ring at two schools), counted back from the anchor.
 * The last days hold open incidents in every state, some past their deadlines.
 * Criminal and public-order incidents are handed to demo_case.c (xa_demo_case_lead), which
 * opens the cases once every incident is written.
 */
#include "service/demo_svc.h"

#include "base/mem.h"
#include "base/time.h"
#include "core/code.h"
#include "core/unit.h"
#include "core/validate.h"
#include "core/vocab.h"
#include "service/auth_svc.h"
#include "service/demo_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int rnd_poisson(uint64_t *s, double lambda)
{
    double l = exp(-lambda), p = 1.0;
    int k = 0;
    do {
        k++;
        p *= rnd_unit(s);
    } while (p > l);
    return k - 1;
}

/* ---- the county: stations, map, names ---- */

#define CENTER_LAT 30.60
#define CENTER_LON 114.30

static const char *const cg_communities[] = {"东关社区", "鼓楼社区", "南街社区",   "西关社区",
                                             "北街社区", "文昌社区", "解放路社区", "十字街社区"};
static const char *const hd_communities[] = {"幸福社区", "滨河社区", "新华社区", "锦绣社区",
                                             "光明社区", "建设社区", "朝阳社区", "长虹社区"};
static const char *const hd_villages[] = {"王家湾村", "沙洲村"};
static const char *const qt_villages[] = {"桥头村", "张家岭村", "刘家畈村", "大河村",  "新店村",
                                          "龙泉村", "石桥村",   "枫树村",   "周家冲村"};
static const char *const ll_villages[] = {"柳林村",   "杨树湾村", "陈家岗村", "黄泥塘村",
                                          "马鞍山村", "白果树村", "罗家坳村", "梅子垭村",
                                          "胡家台村", "桃园村",   "三星村"};
static const char *const sm_villages[] = {"石门村", "下湾村", "高峰村",   "金盆村",   "双河村",
                                          "凤凰村", "清水村", "田家铺村", "卢家畈村", "五里墩村"};

static const struct station_def station_defs[N_STATIONS] = {
    {'C', "CG", "城关派出所", "城关镇", true, 4, 3, cg_communities, NULL},
    {'H', "HD", "河东派出所", "河东街道", true, 4, 4, hd_communities, hd_villages},
    {'Q', "QT", "桥头派出所", "桥头镇", false, 4, 3, NULL, qt_villages},
    {'L', "LL", "柳林派出所", "柳林乡", false, 4, 4, NULL, ll_villages},
    {'S', "SM", "石门派出所", "石门镇", false, 4, 4, NULL, sm_villages},
};

/* The county from north (top) to south; the river runs between columns 3 and 4 (河东 lies
 * east of it). Columns 2-5 of rows 1-4 are the county seat's communities, the rest villages. */
static const char *const county_map[MAP_ROWS] = {
    "LQQQQQQQ", "LLCCHHQQ", "LLCCHHHH", "LLCCHHSS", "LLCCHHSS", "LLSSSSSS",
};
/* Cells are small in the seat and large in the countryside (degrees). */
static const double col_w[MAP_COLS] = {0.07, 0.04, 0.02, 0.012, 0.012, 0.02, 0.04, 0.07};
static const double row_h[MAP_ROWS] = {0.045, 0.02, 0.01, 0.01, 0.02, 0.045};

static const char *const compounds[] = {
    "锦绣花园", "阳光小区",   "金桂苑",   "滨江花园",     "翠竹园",   "丽景苑",   "和平小区",
    "电力宿舍", "粮食局宿舍", "教师新村", "盛世华庭",     "桂花园",   "丰收小区", "御景湾",
    "新城家园", "紫荆苑",     "怡和小区", "百合园",       "名都花园", "学府小区", "龙腾小区",
    "康乐小区", "香樟苑",     "水岸名苑", "书香门第",     "天元小区", "中心花园", "绿洲小区",
    "文化新村", "民生小区",   "中央华府", "东方明珠小区",
};
static const char *const streets[] = {
    "人民路", "解放路", "建设路", "文昌路", "中山路",   "新华路", "滨河路", "光明路",
    "朝阳路", "胜利街", "东风路", "长江路", "青山大道", "府前街", "工业路", "复兴路",
};
static const char *const landmarks[] = {
    "农贸市场", "县人民医院", "实验小学",   "第一中学", "汽车客运站", "中心广场",
    "文化公园", "步行街",     "商业街",     "华联超市", "滨河公园",   "体育馆",
    "县图书馆", "第二中学",   "妇幼保健院", "建材市场",
};

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
};
static const char *const given_m[] = {
    "建国", "建华", "国强", "国富", "志强", "志刚", "卫东", "红军", "海峰", "海涛", "永刚",
    "文斌", "晓东", "明",   "伟",   "军",   "勇",   "磊",   "涛",   "斌",   "超",   "鹏",
    "浩",   "杰",   "鑫",   "宇航", "子豪", "俊杰", "浩然", "家豪", "思远", "振华", "德明",
    "春生", "长青", "保国", "立新", "金生", "满仓", "新民", "文华", "小龙", "亮",   "刚",
};
static const char *const given_f[] = {
    "秀英", "桂兰", "玉兰", "秀兰", "丽华", "红梅", "春燕", "海燕", "丽娟", "晓燕",
    "静",   "敏",   "丽",   "娟",   "芳",   "燕",   "婷",   "雪",   "欣怡", "梓涵",
    "雨涵", "诗琪", "佳怡", "慧敏", "淑芬", "美玲", "凤英", "翠兰", "小红", "文静",
};
static const char *const mobile_prefixes[] = {
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
    "151", "152", "153", "155", "156", "158", "159", "177", "180", "181",
    "182", "183", "185", "186", "187", "188", "189", "199",
};

/* ---- incident vocabulary: templates per category and channel ---- */

static const struct tmpl t_criminal[] = {
    {"报警人称其停放在{p}的{c}电动车被盗，价值约{a}元。", 1200, 4500,
     "已受案登记，民警调取周边监控追踪车辆去向，案件移交案件办理队侦办。"},
    {"报警人称其家中被盗，防盗门锁有撬动痕迹，丢失现金约{a}元及金首饰若干。", 2000, 30000,
     "已受案登记，民警现场勘查提取痕迹物证，走访周边群众，案件正在侦办中。"},
    {"报警人称其在{p}被人扒窃，丢失手机一部，价值约{a}元。", 1500, 7000, NULL},
    {"报警人称接到自称“电商客服”的电话，按对方要求操作退款后被转走{a}元。", 3000, 60000,
     "已指导报警人及时止付，受案登记并移交反诈专班侦办。"},
    {"报警人称在网上做刷单兼职，先后向对方转账{a}元后被拉黑。", 1000, 40000,
     "已指导报警人保存聊天记录及转账凭证，受案登记并移交反诈专班侦办。"},
    {"报警人称其在{p}经营的门市夜间被盗，收银台内现金约{a}元被盗。", 500, 8000, NULL},
    {"报警人称其停放在{p}的摩托车被盗。", 0, 0, NULL},
    {"报警人称工地存放的电缆、废旧钢材被盗，价值约{a}元。", 3000, 50000, NULL},
    {"报警人称在{p}与他人发生口角后被对方殴打致伤，嫌疑人已离开现场。", 0, 0,
     "民警到场固定证据，安排伤者验伤，已受案调查。"},
    {"报警人称有人冒充其亲戚在微信上借钱，已转账{a}元，后发现被骗。", 2000, 20000,
     "已受案登记，协调银行止付部分款项，案件移交反诈专班侦办。"},
    {"报警人称停放在{p}的轿车车窗被砸，车内财物被盗。", 0, 0, NULL},
    {"报警人称其家中圈养的山羊夜间被盗，价值约{a}元。", 2000, 9000, NULL},
    {"报警人称在{p}充电的手机被人顺手拿走，价值约{a}元。", 1000, 6000, NULL},
    {"报警人称在网上申请贷款，被对方以“解冻费”“保证金”等名义骗走{a}元。", 2000, 50000,
     "已指导报警人保存聊天记录及转账凭证，受案登记并移交反诈专班侦办。"},
    {"报警人称在{p}附近被一名男子持刀拦住，抢走现金{a}元及手机一部。", 200, 3000,
     "民警到场后立即组织周边堵截，调取监控追踪嫌疑人，已受案侦查。"},
    {"报警人称在{p}行走时被骑摩托车的男子抢走挎包，内有现金约{a}元及手机一部。", 300, 3000,
     "民警到场后调取沿途监控追踪嫌疑车辆，已受案侦查。"},
};
static const struct tmpl t_public_order[] = {
    {"报警人称{p}有人酗酒闹事，摔砸物品。", 0, 0, NULL},
    {"报警人称{p}有多人聚集斗殴，请求民警到场。", 0, 0,
     "民警到场制止，将涉事人员带回派出所调查处理。"},
    {"报警人称{p}有人深夜燃放烟花爆竹，影响休息。", 0, 0, "民警到场劝阻，对燃放人员进行批评教育。"},
    {"报警人称{p}一户人家聚众赌博。", 0, 0, "民警到场查处，收缴赌资，涉赌人员已带回派出所处理。"},
    {"报警人称在{p}被一男子辱骂、推搡。", 0, 0, NULL},
    {"报警人称{p}有人持棍棒寻衅滋事。", 0, 0, "民警到场控制涉事人员，已带回派出所调查处理。"},
    {"报警人称{p}有可疑人员逐一拉拽停放车辆的车门。", 0, 0,
     "民警到场盘查，未发现可疑人员，已加强该区域夜间巡逻。"},
    {"报警人称{p}有人驾驶改装摩托车轰鸣扰民。", 0, 0, NULL},
};
static const struct tmpl t_dispute[] = {
    {"报警人称与楼上邻居因噪音问题发生纠纷，请求民警调解。", 0, 0, NULL},
    {"报警人称与邻居因宅基地边界问题发生争执，请求民警到场处理。", 0, 0, NULL},
    {"报警人称夫妻二人因家庭琐事发生争吵，情绪激动，请求民警到场。", 0, 0,
     "民警到场劝解，双方情绪平复，已告知社区民警跟踪回访。"},
    {"报警人称在{p}购物时与商家因退换货问题发生纠纷。", 0, 0, NULL},
    {"报警人称工地老板拖欠其工资{a}元，多次讨要未果，请求帮助。", 3000, 30000,
     "民警协调双方，老板承诺限期结清工资，已告知报警人可向劳动监察部门反映。"},
    {"报警人称与物业因停车收费问题发生纠纷。", 0, 0, NULL},
    {"报警人称邻居家的鸡鸭啃食其菜地，双方发生口角。", 0, 0, NULL},
    {"报警人称在{p}与他人发生轻微剐蹭，双方就赔偿协商不成。", 0, 0, NULL},
    {"报警人称出租房屋的租客拖欠房租{a}元，双方发生争执。", 1500, 9000, NULL},
};
static const struct tmpl t_help[] = {
    {"老人走失，家属求助。报警人称其父亲（{n}岁）早上出门后至今未归。", 0, 0,
     "民警调取沿途监控，在附近找到走失老人，已安全交还家属。"},
    {"报警人称其孩子（{n}岁）放学后未按时回家，请求帮助寻找。", 0, 0,
     "民警在同学家中找到孩子，已交还家长并进行安全提示。"},
    {"报警人称在{p}丢失钱包一个，内有身份证、银行卡、医保卡等证件，请求帮助寻找。", 0, 0,
     "民警调取监控并联系拾得人，已帮助报警人找回钱包。"},
    {"报警人称{p}有一男子醉酒倒地，请求救助。", 0, 0, "已将醉酒人员护送回家，交由家属照看。"},
    {"报警人称钥匙反锁在家中，屋内有幼儿，请求帮助。", 0, 0, "已联系开锁人员协助开门，幼儿安全。"},
    {"报警人称在{p}捡到手机一部，请求民警帮助寻找失主。", 0, 0, "已联系失主，手机已归还。"},
    {"报警人称家中老人突发疾病，子女不在身边，请求帮助送医。", 0, 0,
     "已联系120将老人送医，并通知其家属。"},
    {"报警人称乘坐出租车时将背包遗落在车上，请求帮助找回。", 0, 0,
     "民警通过监控查找车辆并联系司机，已帮助报警人找回背包。"},
    {"报警人称其母亲患有阿尔茨海默病，在{p}一带走失。", 0, 0,
     "民警与家属分头寻找，在附近找到老人，已安全交还家属。"},
};
static const struct tmpl t_traffic[] = {
    {"报警人称在{p}发生两车剐蹭事故，无人员受伤。", 0, 0, "民警到场疏导交通，双方自行协商处理。"},
    {"报警人称{p}有车辆违停，堵塞道路。", 0, 0, "已通知车主挪车，道路恢复畅通。"},
    {"报警人称在{p}一辆电动车与行人相撞，有人受伤。", 0, 0,
     "已联系120救治伤者，事故移交交警大队处理。"},
    {"报警人称{p}路口信号灯故障，车辆拥堵。", 0, 0, "民警现场疏导交通，已联系相关部门维修信号灯。"},
    {"报警人称其车辆在{p}被撞后对方驾车逃逸。", 0, 0,
     "已记录现场情况并调取监控，移交交警大队处理。"},
    {"报警人称{p}有货车遗撒砂石，影响通行。", 0, 0,
     "已联系环卫部门清理路面，并通知运输车辆所属公司。"},
};
static const struct tmpl t_fire[] = {
    {"报警人称{p}一处民房冒烟起火，请求处置。", 0, 0, "已联系消防救援队扑灭明火，无人员伤亡。"},
    {"报警人称{p}有人焚烧垃圾杂物，浓烟较大，火势有蔓延趋势。", 0, 0,
     "民警到场协助扑灭明火，对焚烧人员进行批评教育。"},
    {"报警人称{p}有电动车充电时起火。", 0, 0, "民警到场时火已扑灭，已对当事人进行消防安全教育。"},
};
static const struct tmpl t_complaint[] = {
    {"群众举报{p}有人组织赌博。", 0, 0, NULL},
    {"群众举报{p}一家网吧接纳未成年人上网。", 0, 0,
     "民警到场核查，已责令网吧整改并移交文化执法部门。"},
    {"报警人投诉{p}夜宵摊点深夜噪音扰民。", 0, 0, "民警到场劝导，摊主已降低音量并承诺按时收摊。"},
    {"群众举报{p}有人非法销售烟花爆竹。", 0, 0, NULL},
    {"报警人投诉{p}广场舞音响声音过大，影响休息。", 0, 0, "民警到场协调，广场舞组织者已调低音量。"},
    {"群众举报{p}有人非法收购废旧金属。", 0, 0, NULL},
};
static const struct tmpl t_other[] = {
    {"报警人称{p}有一只流浪犬追咬路人，请求处理。", 0, 0, "已联系相关部门将流浪犬捕获。"},
    {"报警人称家中进蛇，请求帮助。", 0, 0, "民警到场协助将蛇捕捉后放生。"},
    {"报警人咨询户籍迁移办理相关事宜。", 0, 0, "已告知报警人户籍迁移所需材料及办理流程。"},
    {"报警人称{p}有窨井盖缺失，存在安全隐患。", 0, 0, "民警到场设置警示标志，已通知市政部门修复。"},
    {"报警人误拨110，经核实无警情。", 0, 0, "经核实无警情。"},
    {"报警人称{p}有树木倒伏，阻碍通行。", 0, 0, "已联系相关部门清理，道路恢复通行。"},
};

/* Found on patrol (巡逻发现): no caller. Indexed by category. */
static const struct tmpl t_patrol[][2] = {
    [XA_CATEGORY_CRIMINAL] = {{"民警巡逻至{p}时发现一男子形迹可疑，逐一拉拽车门，上前盘查。", 0, 0,
                               "民警当场抓获拉车门盗窃嫌疑人一名，已带回派出所审查。"},
                              {"民警巡逻至{p}时发现一男子正在撬盗电动车，当场抓获。", 0, 0,
                               "已将嫌疑人带回派出所依法处理，被盗车辆已发还车主。"}},
    [XA_CATEGORY_PUBLIC_ORDER] = {{"民警巡逻至{p}时发现有人酗酒滋事，当场制止。", 0, 0, NULL},
                                  {"民警巡逻至{p}时发现有人聚集争吵，上前劝解。", 0, 0,
                                   "民警劝解后双方散去，现场秩序恢复正常。"}},
    [XA_CATEGORY_HELP] = {{"民警巡逻至{p}时发现一名老人迷路，询问后护送回家。", 0, 0,
                           "已将老人安全护送回家，交由家属照看。"},
                          {"民警巡逻至{p}时发现一名醉酒男子倒地不起。", 0, 0,
                           "已将醉酒人员护送回家，交由家属照看。"}},
    [XA_CATEGORY_TRAFFIC] = {{"民警巡逻至{p}时发现车辆违停堵塞交通。", 0, 0,
                              "已联系车主挪车，道路恢复畅通。"},
                             {"民警巡逻至{p}时发现一起轻微交通事故，当事双方发生争执。", 0, 0,
                              "民警疏导交通并引导双方快处快赔。"}},
    [XA_CATEGORY_FIRE] = {{"民警巡逻至{p}时发现有人焚烧垃圾，火势蔓延。", 0, 0,
                           "民警协助扑灭明火，对焚烧人员进行批评教育。"},
                          {"民警巡逻至{p}时发现有人焚烧垃圾，火势蔓延。", 0, 0,
                           "民警协助扑灭明火，对焚烧人员进行批评教育。"}},
    [XA_CATEGORY_OTHER] = {{"民警夜间巡逻至{p}时发现一辆轿车车门未锁，已电话通知车主前来锁车。", 0,
                            0, "车主已到场锁好车门，民警进行防盗提示。"},
                           {"民警巡逻至{p}时发现路灯损坏，存在安全隐患。", 0, 0,
                            "已通知相关部门维修。"}},
};
/* Found on a visit (走访发现). */
static const struct tmpl t_visit_dispute[] = {
    {"社区民警走访{p}时发现两户邻居因生活琐事积怨较深，存在矛盾隐患。", 0, 0,
     "社区民警联合村调解委员会组织双方调解，已达成初步协议，将持续回访。"},
    {"社区民警走访时群众反映{p}两户邻居因排水问题多次争吵。", 0, 0,
     "社区民警上门调解，双方同意共同疏通排水沟。"},
};
static const struct tmpl t_visit_complaint[] = {
    {"走访中群众反映{p}有人在家中非法存放烟花爆竹。", 0, 0,
     "民警上门核查，收缴违规存放的烟花爆竹并进行安全教育。"},
    {"走访中群众反映{p}群租房人员复杂、进出频繁。", 0, 0,
     "民警上门核查，已登记租住人员信息并督促房东落实管理责任。"},
};
static const struct tmpl t_visit_help[] = {
    {"走访中发现{p}一名独居老人生活困难，需要帮扶。", 0, 0,
     "已联系村委会落实帮扶措施，社区民警定期上门看望。"},
};
static const struct tmpl t_bank[] = {
    {"银行预警：客户{v}在网点准备向陌生账户转账{a}元，疑似遭遇电信网络诈骗。", 10000, 200000,
     "民警赶到网点劝阻，客户确认遭遇冒充公检法诈骗，已成功止付。"},
    {"银行预警：客户{v}短时间内多次向同一陌生账户转账共{a}元，疑似被骗。", 5000, 80000,
     "民警联系客户核实为刷单诈骗，已指导止付并受案登记。"},
};

/* Planted hotspots. */
static const struct tmpl t_cardoor[] = {
    {"报警人称其停放在{p}的轿车车门未锁，车内现金约{a}元及香烟两条被盗。", 300, 3000, NULL},
    {"报警人称其停放在{p}的越野车夜间被人拉开车门，手提包及现金{a}元被盗。", 500, 5000, NULL},
    {"报警人称{p}停放的轿车被人拉开车门，车内财物被翻动，丢失现金约{a}元。", 200, 2000, NULL},
};
static const struct tmpl t_ebike[] = {
    {"报警人称其停放在{p}的{c}电动车被盗，价值约{a}元。", 1500, 4500, NULL},
    {"报警人称在{p}吃夜宵时，停放在路边的{c}电动车被盗，价值约{a}元。", 1200, 4000, NULL},
    {"报警人称其在{p}摆摊，停放在摊位后方的电动车电瓶被盗，价值约{a}元。", 400, 1200, NULL},
};
static const struct tmpl t_village_dispute[] = {
    {"报警人称与同组村民因{x}发生争执，双方情绪激动，请求民警到场调解。", 0, 0, NULL},
    {"报警人称邻居因{x}问题堵住其家门口道路，双方发生推搡。", 0, 0, NULL},
    {"报警人称与{v}因{x}旧怨再起，对方扬言要动手，请求民警到场。", 0, 0, NULL},
};
static const struct tmpl t_dog[] = {
    {"报警人称其家中饲养的土狗昨夜被人毒杀后盗走，院内发现可疑肉块。", 0, 0, NULL},
    {"报警人称夜间听到狗叫，早上发现家中两条狗被盗。", 0, 0, NULL},
};

/* The planted series (enum demo_series): one offender or ring each. */
static const struct tmpl t_ser_dog_caught = {
    "报警人称夜间发现一男子骑摩托车在{p}一带投放毒肉引诱家犬，村民已将其围住，请求民警到场。", 0, 0,
    "民警到场将嫌疑人带回派出所审查，现场查获毒针、毒肉及被毒死的土狗一条。"};
static const struct tmpl t_ser_cardoor[] = {
    {"报警人称其停放在{p}的轿车昨夜被人拉开车门，车内现金约{a}元及香烟被盗，车门未见撬痕。", 300,
     2500, NULL},
    {"报警人称早上发现停放在{p}的汽车车门未锁，车内手提包及现金{a}元被盗。", 400, 3000, NULL},
};
static const struct tmpl t_ser_dog[] = {
    {"报警人称其家中看门的土狗昨夜被人用毒肉毒倒后盗走，院外发现沾有药物的肉包子。", 0, 0, NULL},
    {"报警人称夜里听到摩托车声和狗叫，早上发现家中两条狗被盗，院内有可疑肉块。", 0, 0, NULL},
};
static const struct tmpl t_ser_ebike[] = {
    {"报警人称其停放在{p}门口的{c}电动车被盗，车锁被剪断，价值约{a}元。", 1500, 4500, NULL},
    {"报警人称送孩子上学后停放在{p}附近的{c}电动车被盗，价值约{a}元。", 1200, 4000, NULL},
};

/* The kind of case each template describes (enum demo_kase; the others describe none), and
 * the weight of the criminal ones: thefts dominate, then telecom fraud; robbery is rare. */
static const struct {
    const struct tmpl *t;
    int kase;
    double w;
} tmpl_kase[] = {
    {&t_criminal[0], K_EBIKE, 14},
    {&t_criminal[1], K_BURGLARY, 10},
    {&t_criminal[2], K_PICKPOCKET, 6},
    {&t_criminal[3], K_FRAUD_REFUND, 5},
    {&t_criminal[4], K_FRAUD_BRUSHING, 5},
    {&t_criminal[5], K_SHOP, 8},
    {&t_criminal[6], K_MOTORCYCLE, 4},
    {&t_criminal[7], K_ENTERPRISE, 4},
    {&t_criminal[8], K_ASSAULT, 4},
    {&t_criminal[9], K_FRAUD_RELATIVE, 3},
    {&t_criminal[10], K_SMASH, 3},
    {&t_criminal[11], K_LIVESTOCK, 4},
    {&t_criminal[12], K_PHONE, 5},
    {&t_criminal[13], K_FRAUD_LOAN, 3},
    {&t_criminal[14], K_ROBBERY, 1},
    {&t_criminal[15], K_SNATCH, 1.5},
    {&t_public_order[0], K_ADM_PROVOKE, 0},
    {&t_public_order[1], K_ADM_FIGHT, 0},
    {&t_public_order[3], K_ADM_GAMBLE, 0},
    {&t_public_order[4], K_ADM_BEAT, 0},
    {&t_public_order[5], K_ADM_PROVOKE, 0},
    {&t_patrol[XA_CATEGORY_CRIMINAL][0], K_CARDOOR, 0},
    {&t_patrol[XA_CATEGORY_CRIMINAL][1], K_EBIKE, 0},
    {&t_bank[0], K_FRAUD_POLICE, 0},
    {&t_bank[1], K_FRAUD_BRUSHING, 0},
    {&t_cardoor[0], K_CARDOOR, 0},
    {&t_cardoor[1], K_CARDOOR, 0},
    {&t_cardoor[2], K_CARDOOR, 0},
    {&t_ebike[0], K_EBIKE, 0},
    {&t_ebike[1], K_EBIKE, 0},
    {&t_ebike[2], K_EBIKE_BATTERY, 0},
    {&t_dog[0], K_DOG, 0},
    {&t_dog[1], K_DOG, 0},
    {&t_ser_cardoor[0], K_CARDOOR, 0},
    {&t_ser_cardoor[1], K_CARDOOR, 0},
    {&t_ser_dog[0], K_DOG, 0},
    {&t_ser_dog[1], K_DOG, 0},
    {&t_ser_dog_caught, K_DOG, 0},
    {&t_ser_ebike[0], K_EBIKE, 0},
    {&t_ser_ebike[1], K_EBIKE, 0},
};

static const struct tmpl *tmpl_find(const struct tmpl *t, int *kase, double *w)
{
    for (size_t i = 0; i < N(tmpl_kase); i++)
        if (tmpl_kase[i].t == t) {
            *kase = tmpl_kase[i].kase;
            *w = tmpl_kase[i].w;
            return t;
        }
    *kase = K_NONE;
    *w = 1;
    return t;
}

static int kase_of(const struct tmpl *t)
{
    int k;
    double w;
    tmpl_find(t, &k, &w);
    return k;
}

static const char *const results_generic[] = {
    [XA_CATEGORY_CRIMINAL] = "已受案登记，民警现场勘查并调取周边监控，案件移交案件办理队侦办。",
    [XA_CATEGORY_PUBLIC_ORDER] = "民警到场制止，对违法行为人进行批评教育，现场秩序恢复正常。",
    [XA_CATEGORY_DISPUTE] = "民警到场调解，双方达成和解。",
    [XA_CATEGORY_HELP] = "民警到场提供帮助，问题已解决。",
    [XA_CATEGORY_TRAFFIC] = "民警到场疏导交通，双方自行协商处理。",
    [XA_CATEGORY_FIRE] = "已联系消防救援队到场处置，无人员伤亡。",
    [XA_CATEGORY_COMPLAINT] = "民警到场核查，情况属实，已依法处理。",
    [XA_CATEGORY_OTHER] = "已处理完毕，并对群众进行安全提示。",
};
static const char *const results_dispute_alt[] = {
    "经调解双方未达成一致，已告知通过诉讼途径解决，并移交社区民警跟踪回访。",
    "已联合村（居）调解委员会共同调解，双方签订调解协议。",
    "民警对双方进行法治教育，双方表示不再争吵。",
};
static const char *const results_complaint_alt[] = {
    "经核查未发现举报所称情况，已做好解释工作。",
    "民警到场核查，已责令整改并进行警告。",
};
static const char *const village_dispute_topics[] = {
    "土地边界", "灌溉用水", "林地权属", "家禽啃食庄稼", "修路占地", "土地租金拖欠", "宅基地",
};
static const char *const ebike_colors[] = {"白色", "黑色", "红色", "蓝色", "银色", "粉色"};
static const char *const ebike_brands[] = {"雅迪牌", "爱玛牌", "台铃牌",
                                           "新日牌", "绿源牌", "小牛牌"};

/* The residents of 杨树湾村 whose quarrels keep coming back (积怨较深). */
static const struct {
    const char *name, *phone;
} village_parties[] = {
    {"杨国富", "13907126631"}, {"杨国强", "13872049915"}, {"张秀英", "15997358024"},
    {"李桂兰", "18671230476"}, {"杨德明", "13593710258"},
};

/* Calls by hour of day: few at 3-6, peaks at 9-11 and 19-22. */
static const double hour_w[24] = {2.2, 1.6, 1.1, 0.7, 0.5, 0.6, 1.2, 2.4, 3.6, 5.2, 5.6, 5.3,
                                  4.2, 4.0, 4.4, 4.6, 4.8, 5.0, 5.2, 5.9, 6.3, 6.1, 4.8, 3.4};
/* Indexed by enum xa_category: help 30%, dispute 20%, public order 15%, criminal 11%,
 * traffic 12%, complaint 5%, fire 1%, other 6%. */
static const double category_w[] = {0, 11, 15, 20, 30, 12, 1, 5, 6};
/* Sunday first. */
static const double weekday_f[7] = {1.0, 0.95, 0.93, 0.95, 0.97, 1.08, 1.12};
static const double month_f[13] = {0,    0.88, 0.9,  0.95, 1.0,  1.05, 1.1,
                                   1.15, 1.15, 1.05, 1.05, 0.95, 0.9};
#define BASE_PER_DAY 52.0

/* ---- state of one build ---- */

enum plan_kind {
    PLAN_BASE,
    PLAN_CARDOOR,
    PLAN_EBIKE,
    PLAN_DISPUTE,
    PLAN_DOG,
    PLAN_SER_CARDOOR,
    PLAN_SER_DOG,
    PLAN_SER_EBIKE
};

struct plan {
    int64_t t;
    uint32_t seq; /* tie-break: plans at the same second keep their drawing order */
    int kind;
    int series, member;  /* enum demo_series and the index in it */
    int64_t occurred_at; /* planted series: when it happened; 0 = drawn in compose() */
};

/* ---- people ---- */

const char *xa_demo_svc_name(struct demo *d, struct xa_arena *a, bool male)
{
    /* common surnames are drawn more often */
    size_t si = (size_t)(pow(rnd_unit(&d->rng), 1.7) * (double)N(surnames));
    const char *given = male ? PICK(&d->rng, given_m) : PICK(&d->rng, given_f);
    if (!strncmp(given, surnames[si], strlen(surnames[si])))
        si = (si + 1) % N(surnames); /* not 金金生 */
    return xa_arena_printf(a, "%s%s", surnames[si], given);
}

const char *xa_demo_svc_mobile(struct demo *d, struct xa_arena *a)
{
    return xa_arena_printf(a, "%s%08lld", PICK(&d->rng, mobile_prefixes),
                           (long long)rnd_range(&d->rng, 0, 99999999));
}

const char *xa_demo_svc_id_number(struct demo *d, struct xa_arena *a, int y_lo, int y_hi, bool male)
{
    /* region, birth date, sequence (odd for men), check character */
    static const int wt[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    uint64_t *r = &d->rng;
    char id[32]; /* 18 used; room for what the compiler cannot prove of the ranges */
    unsigned y = (unsigned)rnd_range(r, y_lo, y_hi) % 10000, m = (unsigned)rnd_range(r, 1, 12),
             dd = (unsigned)rnd_range(r, 1, 28),
             seq = (unsigned)rnd_range(r, 0, 498) * 2 + (male ? 1 : 2);
    snprintf(id, sizeof(id), "429021%04u%02u%02u%03u", y, m, dd, seq);
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (id[i] - '0') * wt[i];
    id[17] = check[sum % 11];
    id[18] = '\0';
    return xa_arena_strdup(a, id);
}

bool xa_demo_svc_is_female_name(const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < N(given_f); i++) {
        size_t g = strlen(given_f[i]);
        if (len > g && !strcmp(name + len - g, given_f[i]))
            return true;
    }
    return false;
}

int xa_demo_svc_hour(int64_t t)
{
    return (int)((t + XA_TIME_CN_OFFSET) % DAY_S / HOUR_S);
}

/* ---- organisation ---- */

static int put_unit(struct demo *d, struct xa_unit *u, const struct xa_unit *parent)
{
    struct xa_ctx *ctx = d->ctx;
    u->parent_id = parent ? parent->id : 0;
    int rc = xa_unit_validate(u, parent, &ctx->verr);
    if (rc)
        return rc;
    rc = xa_store_unit_put(d->s, u);
    if (!rc)
        d->sum->n_units++;
    return rc;
}

static int add_units(struct demo *d)
{
    struct xa_arena *a = d->ctx->arena;
    d->bureau = (struct xa_unit){.code = "QS", .name = "青山县公安局", .kind = XA_UNIT_BUREAU};
    int rc = put_unit(d, &d->bureau, NULL);
    for (int k = 0; !rc && k < N_STATIONS; k++) {
        struct station *st = &d->st[k];
        const struct station_def *def = &station_defs[k];
        st->def = def;
        st->unit = (struct xa_unit){.code = def->code, .name = def->name, .kind = XA_UNIT_STATION};
        rc = put_unit(d, &st->unit, &d->bureau);
        static const struct {
            const char *suffix, *name;
        } teams[] = {{"SQ", "社区警务队"}, {"AJ", "案件办理队"}, {"ZH", "综合指挥室"}};
        struct xa_unit *tu[] = {&st->sq, &st->aj, &st->zh};
        for (size_t i = 0; !rc && i < N(teams); i++) {
            *tu[i] = (struct xa_unit){
                .code = xa_arena_printf(a, "%s_%s", def->code, teams[i].suffix),
                .name = xa_arena_printf(a, "%s%s", def->name, teams[i].name),
                .kind = XA_UNIT_TEAM,
            };
            rc = put_unit(d, tu[i], &st->unit);
        }
    }
    return rc;
}

static int add_user(struct demo *d, const char *username, const char *name, int role,
                    const struct xa_unit *unit, int station, size_t *index_out)
{
    struct xa_ctx *ctx = d->ctx;
    struct xa_arena *a = ctx->arena;
    if (d->n_off == MAX_OFFICERS)
        return XA_EINTERNAL;
    if (!name) {
        /* names of officers are unique, so the dispatch list is unambiguous */
        for (int tries = 0; tries < 50; tries++) {
            name = xa_demo_svc_name(d, a, rnd_chance(&d->rng, 0.82));
            bool taken = false;
            for (size_t i = 0; i < d->n_off && !taken; i++)
                taken = strcmp(d->off[i].name, name) == 0;
            if (!taken)
                break;
        }
    }
    struct xa_user u = {
        .username = username,
        .name = name,
        .role = role,
        .unit_id = unit->id,
        .phone = xa_demo_svc_mobile(d, a),
        .badge = xa_arena_printf(a, "%06lld",
                                 (long long)(310000 + (station + 1) * 10000 +
                                             (int64_t)d->n_off * 97 + rnd_range(&d->rng, 0, 96))),
        .is_active = true,
        .password_hash = d->hash,
        .created_at = d->start - 30 * DAY_S,
    };
    int rc = xa_user_validate(&u, &ctx->verr);
    if (rc)
        return rc;
    rc = xa_store_user_put(d->s, &u);
    if (rc == XA_ECONFLICT)
        return xa_ctx_fail(ctx, XA_ECONFLICT, "username", "taken");
    if (rc)
        return rc;
    d->off[d->n_off] = (struct officer){
        .id = u.id,
        .username = username,
        .name = name,
        .role = role,
        .station = station,
        .unit_name = unit->name,
    };
    if (index_out)
        *index_out = d->n_off;
    d->n_off++;
    d->sum->n_users++;
    return XA_OK;
}

/* Users: at the bureau admin, chief and analyst1; at station k (0-based) leader<k+1>, and the
 * r-th officer of each other role <role><5r+k+1>, so desk1..patrol1.. are at 城关 and
 * desk2, patrol2 at 河东. */
static int add_users(struct demo *d)
{
    struct xa_arena *a = d->ctx->arena;
    int rc = add_user(d, "admin", "系统管理员", XA_ROLE_ADMIN, &d->bureau, -1, NULL);
    if (!rc)
        rc = add_user(d, "chief", NULL, XA_ROLE_LEADER, &d->bureau, -1, NULL);
    if (!rc)
        rc = add_user(d, "analyst1", NULL, XA_ROLE_ANALYST, &d->bureau, -1, NULL);
    for (int k = 0; !rc && k < N_STATIONS; k++) {
        struct station *st = &d->st[k];
        const struct station_def *def = st->def;
#define NAME(role, r) xa_arena_printf(a, "%s%d", role, 5 * (r) + k + 1)
        rc = add_user(d, xa_arena_printf(a, "leader%d", k + 1), NULL, XA_ROLE_LEADER, &st->unit, k,
                      &st->leader);
        for (int r = 0; !rc && r < 2; r++)
            rc = add_user(d, NAME("desk", r), NULL, XA_ROLE_DESK, &st->zh, k,
                          &st->desk[st->n_desk++]);
        for (int r = 0; !rc && r < def->n_patrol; r++)
            rc = add_user(d, NAME("patrol", r), NULL, XA_ROLE_PATROL, &st->unit, k,
                          &st->patrol[st->n_patrol++]);
        for (int r = 0; !rc && r < def->n_community; r++)
            rc = add_user(d, NAME("community", r), NULL, XA_ROLE_COMMUNITY, &st->sq, k,
                          &st->community[st->n_community++]);
        for (int r = 0; !rc && r < 2; r++)
            rc = add_user(d, NAME("investigator", r), NULL, XA_ROLE_INVESTIGATOR, &st->aj, k,
                          &st->investigator[st->n_investigator++]);
        if (!rc)
            rc = add_user(d, xa_arena_printf(a, "analyst%d", k + 2), NULL, XA_ROLE_ANALYST, &st->zh,
                          k, NULL);
#undef NAME
    }
    return rc;
}

/* ---- geography ---- */

static bool point_in_ring(const double ring[RING_N][2], double lon, double lat)
{
    bool in = false;
    for (int i = 0, j = RING_N - 2; i < RING_N - 1; j = i++) {
        double xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
        if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
            in = !in;
    }
    return in;
}

/* A point inside g near (lat, lon) with spread sigma (degrees); the centre itself when the
 * draws keep falling outside. */
static void scatter(struct demo *d, const struct grid *g, double lat, double lon, double sigma,
                    double *lat_out, double *lon_out)
{
    for (int tries = 0; tries < 12; tries++) {
        double y = lat + rnd_gauss(&d->rng) * sigma;
        double x = lon + rnd_gauss(&d->rng) * sigma * 1.15; /* a degree of lon is shorter */
        if (point_in_ring(g->ring, x, y)) {
            *lat_out = y;
            *lon_out = x;
            return;
        }
    }
    *lat_out = lat;
    *lon_out = lon;
}

/* A point in the middle 40% of the undistorted cell, which the jitter never reaches. */
static void inner_point(struct demo *d, const struct grid *g, double *lat, double *lon)
{
    *lon = g->x0 + (0.3 + 0.4 * rnd_unit(&d->rng)) * (g->x1 - g->x0);
    *lat = g->y0 + (0.3 + 0.4 * rnd_unit(&d->rng)) * (g->y1 - g->y0);
}

static double jitter(struct demo *d, double span)
{
    return (rnd_unit(&d->rng) * 2.0 - 1.0) * span;
}

static double min_adjacent(const double *w, int n, int i)
{
    double m = 1e9;
    if (i > 0 && w[i - 1] < m)
        m = w[i - 1];
    if (i < n && w[i] < m)
        m = w[i];
    return m;
}

/* Cell boundaries: corners moved by up to 18% and edge midpoints by up to 12% of the smaller
 * neighbouring cell, shared between neighbours, so the cells tile the county without gaps or
 * overlaps and each stays star-shaped around its middle. */
static void lay_cells(struct demo *d, double cell_ring[N_CELLS][RING_N][2],
                      double cell_box[N_CELLS][4])
{
    double xs[MAP_COLS + 1], ys[MAP_ROWS + 1];
    double total_w = 0, total_h = 0;
    for (int i = 0; i < MAP_COLS; i++)
        total_w += col_w[i];
    for (int j = 0; j < MAP_ROWS; j++)
        total_h += row_h[j];
    xs[0] = CENTER_LON - total_w / 2;
    ys[0] = CENTER_LAT - total_h / 2;
    for (int i = 0; i < MAP_COLS; i++)
        xs[i + 1] = xs[i] + col_w[i];
    for (int j = 0; j < MAP_ROWS; j++)
        ys[j + 1] = ys[j] + row_h[j];

    double vx[MAP_COLS + 1][MAP_ROWS + 1], vy[MAP_COLS + 1][MAP_ROWS + 1];
    double hx[MAP_COLS][MAP_ROWS + 1], hy[MAP_COLS][MAP_ROWS + 1];
    double wx[MAP_COLS + 1][MAP_ROWS], wy[MAP_COLS + 1][MAP_ROWS];
    for (int i = 0; i <= MAP_COLS; i++)
        for (int j = 0; j <= MAP_ROWS; j++) {
            vx[i][j] = xs[i] + jitter(d, 0.18 * min_adjacent(col_w, MAP_COLS, i));
            vy[i][j] = ys[j] + jitter(d, 0.18 * min_adjacent(row_h, MAP_ROWS, j));
        }
    for (int i = 0; i < MAP_COLS; i++)
        for (int j = 0; j <= MAP_ROWS; j++) {
            hx[i][j] = (vx[i][j] + vx[i + 1][j]) / 2 + jitter(d, 0.08 * col_w[i]);
            hy[i][j] =
                (vy[i][j] + vy[i + 1][j]) / 2 + jitter(d, 0.12 * min_adjacent(row_h, MAP_ROWS, j));
        }
    for (int i = 0; i <= MAP_COLS; i++)
        for (int j = 0; j < MAP_ROWS; j++) {
            wx[i][j] =
                (vx[i][j] + vx[i][j + 1]) / 2 + jitter(d, 0.12 * min_adjacent(col_w, MAP_COLS, i));
            wy[i][j] = (vy[i][j] + vy[i][j + 1]) / 2 + jitter(d, 0.08 * row_h[j]);
        }
    for (int c = 0; c < MAP_COLS; c++)
        for (int r = 0; r < MAP_ROWS; r++) {
            double(*ring)[2] = cell_ring[r * MAP_COLS + c];
            /* counter-clockwise from the south-west corner (RFC 7946) */
            const double pts[RING_N][2] = {
                {vx[c][r], vy[c][r]},
                {hx[c][r], hy[c][r]},
                {vx[c + 1][r], vy[c + 1][r]},
                {wx[c + 1][r], wy[c + 1][r]},
                {vx[c + 1][r + 1], vy[c + 1][r + 1]},
                {hx[c][r + 1], hy[c][r + 1]},
                {vx[c][r + 1], vy[c][r + 1]},
                {wx[c][r], wy[c][r]},
                {vx[c][r], vy[c][r]},
            };
            memcpy(ring, pts, sizeof(pts));
            double *box = cell_box[r * MAP_COLS + c];
            box[0] = xs[c];
            box[1] = xs[c + 1];
            box[2] = ys[r];
            box[3] = ys[r + 1];
        }
}

struct cell_ref {
    int cell;
    double dist;
};

static int cmp_cell(const void *pa, const void *pb)
{
    const struct cell_ref *a = pa, *b = pb;
    if (a->dist != b->dist)
        return a->dist < b->dist ? -1 : 1;
    return a->cell - b->cell;
}

/* Fisher-Yates over indexes. */
static void shuffle(struct demo *d, size_t *ix, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ix[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)rnd_range(&d->rng, 0, (int64_t)i - 1);
        size_t t = ix[i - 1];
        ix[i - 1] = ix[j];
        ix[j] = t;
    }
}

static const char *ring_text(struct xa_arena *a, const double ring[RING_N][2])
{
    char buf[RING_N * 48 + 8];
    size_t n = 0;
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, "[[");
    for (int i = 0; i < RING_N; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s[%.6f,%.6f]", i ? "," : "", ring[i][0],
                              ring[i][1]);
    snprintf(buf + n, sizeof(buf) - n, "]]");
    return xa_arena_strdup(a, buf);
}

/* Where the planted series happen: a compound of the 城关 community nearest the centre, three
 * neighbouring villages of 石门, and the two schools among the landmarks. */
static void pick_series_places(struct demo *d)
{
    for (size_t i = 0; i < d->n_grids && d->ser_cardoor < 0; i++)
        if (d->grid[i].station == 0 && d->grid[i].urban && (int)i != d->hot_ebike)
            d->ser_cardoor = (int)i;
    int first = -1;
    for (size_t i = 0; i < d->n_grids && first < 0; i++)
        if (d->grid[i].station == 4)
            first = (int)i;
    d->ser_dog[0] = first;
    for (int k = 1; k < 3 && first >= 0; k++) {
        int best = -1, best_dist = 1 << 20;
        for (size_t i = 0; i < d->n_grids; i++) {
            const struct grid *g = &d->grid[i], *g0 = &d->grid[first];
            int dist =
                (g->col - g0->col) * (g->col - g0->col) + (g->row - g0->row) * (g->row - g0->row);
            if (g->station != 4 || (int)i == first || (k == 2 && (int)i == d->ser_dog[1]))
                continue;
            if (dist < best_dist) {
                best = (int)i;
                best_dist = dist;
            }
        }
        d->ser_dog[k] = best;
    }
    /* the first two schools still on the map (the night market may have taken one's place) */
    static const char *const schools[] = {"实验小学", "第一中学", "第二中学"};
    int n = 0;
    d->ser_school[0] = d->ser_school[1] = -1;
    for (size_t k = 0; k < N(schools) && n < 2; k++)
        for (size_t i = 0; i < d->n_grids; i++)
            for (int p = 0; p < N_PLACES; p++)
                if (n < 2 && d->grid[i].places[p].name &&
                    !strcmp(d->grid[i].places[p].name, schools[k])) {
                    d->ser_school[n] = (int)i;
                    d->ser_school_place[n++] = p;
                }
}

/* Names the cells of each station (communities nearest the centre first), gives each its
 * places, owner and people, and stores them. */
static int add_grids(struct demo *d)
{
    struct xa_arena *a = d->ctx->arena;
    double cell_ring[N_CELLS][RING_N][2], cell_box[N_CELLS][4];
    size_t comp_ix[N(compounds)], street_ix[N(streets)], land_ix[N(landmarks)];
    size_t n_comp = 0, n_street = 0, n_land = 0;
    lay_cells(d, cell_ring, cell_box);
    shuffle(d, comp_ix, N(compounds));
    shuffle(d, street_ix, N(streets));
    shuffle(d, land_ix, N(landmarks));

    for (int k = 0; k < N_STATIONS; k++) {
        const struct station_def *def = &station_defs[k];
        struct cell_ref cells[N_CELLS];
        size_t n_cells = 0, n_comm_names = 0, n_vill_names = 0;
        for (int r = 0; r < MAP_ROWS; r++)
            for (int c = 0; c < MAP_COLS; c++) {
                if (county_map[MAP_ROWS - 1 - r][c] != def->letter)
                    continue;
                int cell = r * MAP_COLS + c;
                double dx = (cell_box[cell][0] + cell_box[cell][1]) / 2 - CENTER_LON;
                double dy = (cell_box[cell][2] + cell_box[cell][3]) / 2 - CENTER_LAT;
                cells[n_cells++] = (struct cell_ref){cell, dx * dx * 0.74 + dy * dy};
            }
        qsort(cells, n_cells, sizeof(cells[0]), cmp_cell);
        for (size_t i = 0; i < n_cells; i++) {
            int cell = cells[i].cell, c = cell % MAP_COLS, r = cell / MAP_COLS;
            struct grid *g = &d->grid[d->n_grids];
            memset(g, 0, sizeof(*g));
            g->station = k;
            g->col = c;
            g->row = r;
            g->urban = c >= 2 && c <= 5 && r >= 1 && r <= 4;
            g->name = g->urban ? def->communities[n_comm_names++] : def->villages[n_vill_names++];
            g->code = xa_arena_printf(a, "%s-%02zu", def->code, i + 1);
            memcpy(g->ring, cell_ring[cell], sizeof(g->ring));
            g->x0 = cell_box[cell][0];
            g->x1 = cell_box[cell][1];
            g->y0 = cell_box[cell][2];
            g->y1 = cell_box[cell][3];
            if (g->urban) {
                g->street = streets[street_ix[n_street++ % N(streets)]];
                g->places[0] = (struct place){PL_COMPOUND, compounds[comp_ix[n_comp++]], 0, 0, 0};
                g->places[1] = (struct place){PL_COMPOUND, compounds[comp_ix[n_comp++]], 0, 0, 0};
                g->places[2] = (struct place){PL_STREET, g->street, 0, 0, 0};
                g->places[3] = (struct place){PL_LANDMARK,
                                              landmarks[land_ix[n_land++ % N(landmarks)]], 0, 0, 0};
                g->households = (int32_t)rnd_range(&d->rng, 1200, 3600);
                g->population = (int32_t)(g->households * (2.5 + 0.5 * rnd_unit(&d->rng)));
            } else {
                g->n_groups = (int)rnd_range(&d->rng, 5, 12);
                g->places[0] = (struct place){PL_CENTRE, NULL, 0, 0, 0};
                int first = (int)rnd_range(&d->rng, 1, g->n_groups);
                for (int p = 1; p < N_PLACES; p++)
                    g->places[p] =
                        (struct place){PL_GROUP, NULL, (first + 3 * p - 1) % g->n_groups + 1, 0, 0};
                g->households = (int32_t)rnd_range(&d->rng, 260, 720);
                g->population = (int32_t)(g->households * (3.1 + 0.7 * rnd_unit(&d->rng)));
            }
            for (int p = 0; p < N_PLACES; p++)
                inner_point(d, g, &g->places[p].lat, &g->places[p].lon);
            if (!strcmp(g->name, "幸福社区")) {
                g->places[0].name = "幸福小区";
                d->hot_cardoor = (int)d->n_grids;
            } else if (!strcmp(g->name, "南街社区")) {
                g->places[3].name = "南门夜市";
                d->hot_ebike = (int)d->n_grids;
            } else if (!strcmp(g->name, "杨树湾村")) {
                d->hot_dispute = (int)d->n_grids;
            }
            const struct station *st = &d->st[k];
            g->owner = st->community[i % st->n_community];
            d->grid_w[d->n_grids] = g->population;
            d->n_grids++;
        }
    }

    pick_series_places(d);
    for (size_t i = 0; i < d->n_grids; i++) {
        struct grid *g = &d->grid[i];
        struct xa_grid row = {
            .unit_id = d->st[g->station].unit.id,
            .code = g->code,
            .name = g->name,
            .kind = g->urban ? XA_GRID_COMMUNITY : XA_GRID_VILLAGE,
            .owner_id = d->off[g->owner].id,
            .polygon = ring_text(a, (const double(*)[2])g->ring),
            .center_lat = (g->y0 + g->y1) / 2,
            .center_lon = (g->x0 + g->x1) / 2,
            .households = g->households,
            .population = g->population,
        };
        int rc = xa_store_grid_put(d->s, &row);
        if (rc)
            return rc;
        g->id = row.id;
        d->sum->n_grids++;
    }
    return XA_OK;
}

/* ---- text ---- */

/* Values of the placeholders of a template, in the order of FILL_KEYS: {p} place, {a} amount
 * in yuan, {n} a number (age), {c} an e-bike, {v} a person as "王某", {x} what a dispute is
 * about. */
#define FILL_KEYS "pancvx"
struct fill {
    const char *v[sizeof(FILL_KEYS) - 1];
};

/* t with its placeholders replaced; arena-owned. */
static const char *expand(struct xa_arena *a, const char *t, const struct fill *f)
{
    char out[1024];
    size_t n = 0;
    while (*t && n < sizeof(out) - 1) {
        const char *key = t[0] == '{' && t[1] && t[2] == '}' ? strchr(FILL_KEYS, t[1]) : NULL;
        if (!key) {
            out[n++] = *t++;
            continue;
        }
        const char *rep = f->v[key - FILL_KEYS];
        size_t len = rep ? strlen(rep) : 0;
        if (len > sizeof(out) - 1 - n)
            len = sizeof(out) - 1 - n;
        memcpy(out + n, rep, len);
        n += len;
        t += 3;
    }
    out[n] = '\0';
    return xa_arena_strdup(a, out);
}

/* The phrase for {p} and the address of an incident at place p of grid g. */
static void describe(struct demo *d, const struct grid *g, const struct place *p,
                     const char **phrase, const char **address)
{
    struct xa_arena *a = &d->tmp;
    const char *town = station_defs[g->station].town;
    int b = (int)rnd_range(&d->rng, 1, 18), n = (int)rnd_range(&d->rng, 1, 260);
    switch (p->kind) {
    case PL_COMPOUND:
        if (rnd_chance(&d->rng, 0.5)) {
            *phrase = xa_arena_printf(a, "%s%d栋楼下", p->name, b);
            *address = xa_arena_printf(a, "%s%s%d栋门口", town, p->name, b);
        } else {
            *phrase = xa_arena_printf(a, "%s", p->name);
            *address = xa_arena_printf(
                a, "%s%s%d栋%d单元%d%02d室", town, p->name, b, (int)rnd_range(&d->rng, 1, 3),
                (int)rnd_range(&d->rng, 1, 11), (int)rnd_range(&d->rng, 1, 4));
        }
        break;
    case PL_STREET:
        *phrase = xa_arena_printf(a, "%s%d号", p->name, n);
        *address = xa_arena_printf(a, "%s%s%d号", town, p->name, n);
        break;
    case PL_LANDMARK:
        *phrase = xa_arena_printf(a, "%s", p->name);
        *address = xa_arena_printf(a, "%s%s%s", town, g->street, p->name);
        break;
    case PL_CENTRE:
        *phrase = xa_arena_printf(a, "%s村委会", g->name);
        *address = xa_arena_printf(a, "%s%s村委会旁", town, g->name);
        break;
    default:
        *phrase = xa_arena_printf(a, "%s%d组", g->name, p->group);
        *address = xa_arena_printf(a, "%s%s%d组%d号", town, g->name, p->group,
                                   (int)rnd_range(&d->rng, 1, 60));
        break;
    }
}

/* ---- incidents ---- */

static int cmp_plan(const void *pa, const void *pb)
{
    const struct plan *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int64_t in_hours(struct demo *d, int64_t day0, const double *w)
{
    size_t h = rnd_pick(&d->rng, w, 24);
    return day0 + (int64_t)h * HOUR_S + rnd_range(&d->rng, 0, HOUR_S - 1);
}

/* When the calls come: a Poisson count per day shaped by weekday and month, the hour by
 * the daily profile; and the hotspots' own clocks. */
static struct plan *plan_calls(struct demo *d, size_t *n_out)
{
    size_t cap = (size_t)(d->days + 1) * 80 + 64, n = 0;
    struct plan *pl = xa_xmalloc(cap * sizeof(*pl));
#define ADD(time, k)                                                                               \
    do {                                                                                           \
        int64_t t_ = (time);                                                                       \
        if (t_ >= d->start && t_ < d->anchor) {                                                    \
            if (n == cap)                                                                          \
                pl = xa_xrealloc(pl, (cap *= 2) * sizeof(*pl));                                    \
            pl[n] = (struct plan){t_, (uint32_t)n, (k), ser_, mem_, occ_};                         \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    int ser_ = SER_NONE, mem_ = 0;
    int64_t occ_ = 0;
    for (int i = 0; i <= d->days; i++) { /* the last day is today, up to now */
        int64_t day0 = d->start + (int64_t)i * DAY_S;
        int32_t ymd = xa_time_day_cn(day0);
        int month = ymd / 100 % 100;
        int wd = (int)(((day0 + XA_TIME_CN_OFFSET) / DAY_S + 4) % 7);
        int left = d->days - i; /* days before today */
        double lambda = BASE_PER_DAY * weekday_f[wd] * month_f[month];
        int count = rnd_poisson(&d->rng, lambda);
        for (int c = 0; c < count; c++)
            ADD(in_hours(d, day0, hour_w), PLAN_BASE);
        /* 拉车门 at 幸福小区 22:00-02:00, a spree in the last weeks */
        ser_ = left <= 45 ? SER_SPREE : SER_NONE;
        if (rnd_chance(&d->rng, left <= 45 ? 0.7 : 0.2))
            ADD(day0 + 22 * HOUR_S + rnd_range(&d->rng, 0, 4 * HOUR_S - 1), PLAN_CARDOOR);
        ser_ = SER_NONE;
        /* e-bikes at the night market, busy from spring to autumn */
        if (rnd_chance(&d->rng, month >= 4 && month <= 10 ? 0.35 : 0.1))
            ADD(day0 + 18 * HOUR_S + 30 * MIN_S + rnd_range(&d->rng, 0, 5 * HOUR_S - 1),
                PLAN_EBIKE);
        /* 杨树湾村 quarrels in the daytime */
        if (rnd_chance(&d->rng, 0.3))
            ADD(day0 + 8 * HOUR_S + rnd_range(&d->rng, 0, 12 * HOUR_S - 1), PLAN_DISPUTE);
        /* dogs stolen at night in winter, reported in the morning */
        if ((month >= 11 || month <= 2) && rnd_chance(&d->rng, 0.18))
            ADD(day0 + 6 * HOUR_S + rnd_range(&d->rng, 0, 150 * MIN_S), PLAN_DOG);
    }
    /* The planted series, counted back from today so that every build has them. */
    int64_t today0 = xa_time_day_start_cn(d->anchor);
    ser_ = SER_CARDOOR; /* nights in one compound, found in the morning */
    for (mem_ = 0; mem_ < SER_CARDOOR_N; mem_++) {
        int64_t day0 = today0 - (27 - 4 * mem_ + rnd_range(&d->rng, 0, 1)) * DAY_S;
        occ_ = day0 + 23 * HOUR_S + 30 * MIN_S + rnd_range(&d->rng, 0, 4 * HOUR_S);
        ADD(day0 + DAY_S + 6 * HOUR_S + 40 * MIN_S + rnd_range(&d->rng, 0, 110 * MIN_S),
            PLAN_SER_CARDOOR);
    }
    ser_ = SER_DOG; /* poisoned at night, missed at dawn; the last one caught in the act */
    for (mem_ = 0; mem_ < SER_DOG_N; mem_++) {
        int64_t day0 = today0 - (40 - 5 * mem_ + rnd_range(&d->rng, 0, 1)) * DAY_S;
        occ_ = day0 + 1 * HOUR_S + rnd_range(&d->rng, 0, 210 * MIN_S);
        ADD(mem_ == SER_DOG_N - 1 ? occ_ + rnd_range(&d->rng, 5 * MIN_S, 20 * MIN_S)
                                  : day0 + 6 * HOUR_S + rnd_range(&d->rng, 0, 150 * MIN_S),
            PLAN_SER_DOG);
    }
    ser_ = SER_EBIKE; /* school days, while the owners are inside */
    for (mem_ = 0; mem_ < SER_EBIKE_N; mem_++) {
        int64_t day0 = today0 - (45 - 4 * mem_ + rnd_range(&d->rng, 0, 1)) * DAY_S;
        int wd = (int)(((day0 + XA_TIME_CN_OFFSET) / DAY_S + 4) % 7);
        day0 -= (wd == 6 ? 1 : wd == 0 ? 2 : 0) * DAY_S; /* back to Friday */
        occ_ = day0 + (rnd_chance(&d->rng, 0.5) ? 8 * HOUR_S + 30 * MIN_S : 14 * HOUR_S) +
               rnd_range(&d->rng, 0, 150 * MIN_S);
        ADD(occ_ + rnd_range(&d->rng, 20 * MIN_S, 150 * MIN_S), PLAN_SER_EBIKE);
    }
#undef ADD
    qsort(pl, n, sizeof(*pl), cmp_plan);
    *n_out = n;
    return pl;
}

/* The officer on duty at the desk of station st at t: two desks on 12-hour shifts. */
static size_t desk_on_duty(const struct station *st, int64_t t)
{
    return st->desk[(size_t)((t + XA_TIME_CN_OFFSET + 4 * HOUR_S) / (12 * HOUR_S)) % st->n_desk];
}

/* One incident before it is stored: its grid, place and what it is about. */
struct draft {
    const struct grid *g;
    const struct place *pl;
    const struct tmpl *tm;
    double sigma;
    const char *phrase; /* overrides the place's phrase */
    const char *address;
    bool hot;    /* planted: keep the patrol on it */
    long amount; /* {a}, yuan */
};

/* The category of a call at hour (0-23): fights and thefts at night, crashes at rush hour. */
static int pick_category(struct demo *d, double progress, int hour)
{
    double w[N(category_w)];
    memcpy(w, category_w, sizeof(w));
    w[XA_CATEGORY_DISPUTE] *= 1.1 - 0.2 * progress; /* mediation work pays off over the year */
    if (hour >= 22 || hour <= 4) {
        w[XA_CATEGORY_PUBLIC_ORDER] *= 1.8;
        w[XA_CATEGORY_CRIMINAL] *= 1.4;
        w[XA_CATEGORY_COMPLAINT] *= 0.5;
    } else if ((hour >= 7 && hour <= 9) || (hour >= 17 && hour <= 19)) {
        w[XA_CATEGORY_TRAFFIC] *= 1.7;
    }
    return (int)rnd_pick(&d->rng, w, N(w));
}

/* How calls of each category come in (enum xa_channel order: 110, walk-in, online, patrol,
 * visit, bank), mostly by 110. */
static const double channel_w[][7] = {
    [XA_CATEGORY_CRIMINAL] = {0, 74, 12, 6, 3, 0, 5},
    [XA_CATEGORY_PUBLIC_ORDER] = {0, 87, 5, 0, 8, 0, 0},
    [XA_CATEGORY_DISPUTE] = {0, 82, 10, 0, 0, 8, 0},
    [XA_CATEGORY_HELP] = {0, 84, 8, 2, 4, 2, 0},
    [XA_CATEGORY_TRAFFIC] = {0, 94, 0, 0, 6, 0, 0},
    [XA_CATEGORY_FIRE] = {0, 95, 0, 0, 5, 0, 0},
    [XA_CATEGORY_COMPLAINT] = {0, 65, 5, 20, 0, 10, 0},
    [XA_CATEGORY_OTHER] = {0, 80, 10, 5, 5, 0, 0},
};

#define TMPLS(arr)                                                                                 \
    {                                                                                              \
        arr, N(arr)                                                                                \
    }
static const struct {
    const struct tmpl *t;
    size_t n;
} tmpl_by_category[] = {
    [XA_CATEGORY_CRIMINAL] = TMPLS(t_criminal),
    [XA_CATEGORY_PUBLIC_ORDER] = TMPLS(t_public_order),
    [XA_CATEGORY_DISPUTE] = TMPLS(t_dispute),
    [XA_CATEGORY_HELP] = TMPLS(t_help),
    [XA_CATEGORY_TRAFFIC] = TMPLS(t_traffic),
    [XA_CATEGORY_FIRE] = TMPLS(t_fire),
    [XA_CATEGORY_COMPLAINT] = TMPLS(t_complaint),
    [XA_CATEGORY_OTHER] = TMPLS(t_other),
};
#undef TMPLS

#define TMPL(arr) (&(arr)[rnd_u64(&d->rng) % N(arr)])

static const struct tmpl *pick_tmpl(struct demo *d, int category, int channel)
{
    if (channel == XA_CHANNEL_BANK)
        return TMPL(t_bank);
    if (channel == XA_CHANNEL_PATROL)
        return &t_patrol[category][rnd_u64(&d->rng) % 2];
    if (channel == XA_CHANNEL_VISIT)
        return category == XA_CATEGORY_DISPUTE     ? TMPL(t_visit_dispute)
               : category == XA_CATEGORY_COMPLAINT ? TMPL(t_visit_complaint)
                                                   : TMPL(t_visit_help);
    const struct tmpl *t = tmpl_by_category[category].t;
    size_t n = tmpl_by_category[category].n;
    if (category != XA_CATEGORY_CRIMINAL)
        return &t[rnd_u64(&d->rng) % n];
    double w[N(t_criminal)];
    for (size_t i = 0; i < n; i++) {
        int k;
        tmpl_find(&t[i], &k, &w[i]);
    }
    return &t[rnd_pick(&d->rng, w, n)];
}

static const char *pick_result(struct demo *d, const struct tmpl *tm, int category)
{
    if (tm->result && rnd_chance(&d->rng, 0.85))
        return tm->result;
    if (category == XA_CATEGORY_DISPUTE && rnd_chance(&d->rng, 0.5))
        return PICK(&d->rng, results_dispute_alt);
    if (category == XA_CATEGORY_COMPLAINT && rnd_chance(&d->rng, 0.4))
        return PICK(&d->rng, results_complaint_alt);
    return results_generic[category];
}

/* Who goes: the grid's community officer (一村一警) for neighbourhood matters, else a patrol. */
static size_t pick_officer(struct demo *d, const struct draft *dr, int category)
{
    const struct station *st = &d->st[dr->g->station];
    double p_comm = 0.12;
    if (!dr->hot) {
        switch (category) {
        case XA_CATEGORY_DISPUTE:
            p_comm = 0.55;
            break;
        case XA_CATEGORY_COMPLAINT:
            p_comm = 0.4;
            break;
        case XA_CATEGORY_HELP:
        case XA_CATEGORY_OTHER:
            p_comm = 0.3;
            break;
        default:
            break;
        }
        if (!dr->g->urban)
            p_comm += 0.15;
    }
    if (rnd_chance(&d->rng, p_comm))
        return dr->g->owner;
    return st->patrol[rnd_u64(&d->rng) % st->n_patrol];
}

/* One step of the lifecycle, as the service would take it, remembered for the timeline. */
struct ev {
    int action, from, to;
    int64_t at, user_id, officer_id;
    const char *note;
};

static int apply(struct xa_incident *inc, struct ev *evs, size_t *n_ev, int action, int64_t at,
                 int64_t user_id, int64_t officer_id, const char *note)
{
    bool has_caller = inc->caller_phone && *inc->caller_phone;
    int to;
    const char *why;
    if (xa_incident_next(inc->status, action, has_caller, &to, &why))
        return XA_EINTERNAL;
    switch (action) {
    case XA_INCIDENT_DISPATCH:
        inc->officer_id = officer_id;
        inc->dispatched_at = at;
        break;
    case XA_INCIDENT_ARRIVE:
        if (!inc->on_scene_at)
            inc->on_scene_at = at;
        break;
    case XA_INCIDENT_HANDLE:
        inc->result = note;
        inc->handled_at = at;
        break;
    case XA_INCIDENT_REPLY:
        inc->reply_content = note;
        inc->replied_at = at;
        inc->replied_by = user_id;
        break;
    case XA_INCIDENT_CLOSE:
        inc->closed_at = at;
        inc->closed_by = user_id;
        break;
    default:
        break;
    }
    evs[(*n_ev)++] = (struct ev){
        action, inc->status, to, at, user_id, action == XA_INCIDENT_DISPATCH ? officer_id : 0,
        note};
    inc->status = to;
    inc->updated_at = at;
    return XA_OK;
}

/* Step times after received_at: mostly on time, a few late so the response statistics vary. */
struct times {
    int64_t dispatch, redispatch, arrive, handle, reply, close;
};

static void draw_times(struct demo *d, const struct xa_incident *inc, bool urban, int category,
                       struct times *t)
{
    uint64_t *r = &d->rng;
    int64_t recv = inc->received_at;
    double u = rnd_unit(r);
    t->dispatch =
        recv + (rnd_chance(r, 0.05) ? rnd_range(r, 6 * MIN_S, 20 * MIN_S)
                                    : MIN_S + (int64_t)(u * u * 4 * MIN_S) + rnd_range(r, 0, 59));
    t->redispatch = rnd_chance(r, 0.025) ? t->dispatch + rnd_range(r, 2 * MIN_S, 8 * MIN_S) : 0;
    int64_t from = t->redispatch ? t->redispatch : t->dispatch;
    int64_t drive =
        urban ? rnd_range(r, 3 * MIN_S, 10 * MIN_S) : rnd_range(r, 5 * MIN_S, 16 * MIN_S);
    if (inc->priority <= 2)
        drive = drive * 3 / 4;
    if (rnd_chance(r, 0.05))
        drive += rnd_range(r, 10 * MIN_S, 30 * MIN_S);
    t->arrive = from + drive;
    static const int handle_min[][2] = {
        [XA_CATEGORY_CRIMINAL] = {60, 600},  [XA_CATEGORY_PUBLIC_ORDER] = {20, 120},
        [XA_CATEGORY_DISPUTE] = {30, 240},   [XA_CATEGORY_HELP] = {20, 180},
        [XA_CATEGORY_TRAFFIC] = {20, 90},    [XA_CATEGORY_FIRE] = {30, 180},
        [XA_CATEGORY_COMPLAINT] = {30, 180}, [XA_CATEGORY_OTHER] = {10, 60},
    };
    if (rnd_chance(r, 0.03))
        t->handle = recv + rnd_range(r, 25 * HOUR_S, 48 * HOUR_S);
    else
        t->handle = t->arrive +
                    rnd_range(r, handle_min[category][0] * MIN_S, handle_min[category][1] * MIN_S);
    u = rnd_unit(r);
    if (rnd_chance(r, 0.04))
        t->reply = recv + rnd_range(r, 73 * HOUR_S, 120 * HOUR_S);
    else
        t->reply = t->handle + 20 * MIN_S + (int64_t)(u * u * 46 * HOUR_S);
    if (t->reply <= t->handle)
        t->reply = t->handle + 30 * MIN_S;
    t->close = t->reply + rnd_range(r, 5 * MIN_S, 12 * HOUR_S);
}

static int reply_method(struct demo *d, int channel, bool has_phone)
{
    double u = rnd_unit(&d->rng);
    if (!has_phone)
        return XA_REPLY_IN_PERSON;
    if (channel == XA_CHANNEL_ONLINE)
        return u < 0.7 ? XA_REPLY_ONLINE : XA_REPLY_PHONE;
    if (channel == XA_CHANNEL_WALK_IN)
        return u < 0.5 ? XA_REPLY_IN_PERSON : XA_REPLY_PHONE;
    return u < 0.8 ? XA_REPLY_PHONE : XA_REPLY_SMS;
}

static const char *reply_text(struct demo *d, int method, int category)
{
    static const char *const by_phone[] = {
        "已电话告知报警人处理结果，报警人表示满意。",
        "已电话回访报警人，告知处理结果，报警人表示满意。",
        "已电话告知报警人处理情况，报警人基本满意。",
    };
    switch (method) {
    case XA_REPLY_SMS:
        return "已短信告知报警人处理结果及查询码。";
    case XA_REPLY_IN_PERSON:
        return "已当面向报警人反馈处理结果，报警人表示感谢。";
    case XA_REPLY_ONLINE:
        return "已通过网上报警平台回复处理结果。";
    default:
        if (category == XA_CATEGORY_CRIMINAL && rnd_chance(&d->rng, 0.6))
            return "已电话告知报警人案件侦办进展，报警人表示理解。";
        return PICK(&d->rng, by_phone);
    }
}

/* The state where a recent incident is left open (CLOSED: let it run to the end). Some stall
 * on purpose so the leaders' overdue lists are not empty; from_end counts back from the
 * newest incident, which always waits for dispatch. */
static int stop_state(struct demo *d, int64_t age, size_t from_end)
{
    double u = rnd_unit(&d->rng);
    if (from_end == 0 || from_end == 3)
        return XA_INCIDENT_RECEIVED;
    if (from_end == 1 || from_end == 2 || from_end == 5)
        return XA_INCIDENT_DISPATCHED;
    if (age < 3 * HOUR_S && u < 0.08)
        return XA_INCIDENT_RECEIVED;
    if (age < 3 * HOUR_S && u < 0.2)
        return XA_INCIDENT_DISPATCHED;
    if (age < 30 * HOUR_S && u < 0.1)
        return XA_INCIDENT_ON_SCENE;
    if (age < 6 * DAY_S && u < 0.1)
        return XA_INCIDENT_HANDLED;
    if (age < 3 * DAY_S && u < 0.18)
        return XA_INCIDENT_REPLIED;
    return XA_INCIDENT_CLOSED;
}

/* What the plan is about: grid, place, template, and the fields that follow from them. */
static void compose(struct demo *d, const struct plan *p, double progress, struct xa_incident *inc,
                    struct draft *dr, struct fill *f)
{
    uint64_t *r = &d->rng;
    struct xa_arena *a = &d->tmp;
    memset(dr, 0, sizeof(*dr));
    inc->occurred_at = p->t - rnd_range(r, 2 * MIN_S, 25 * MIN_S);
    switch (p->kind) {
    case PLAN_CARDOOR:
        dr->g = &d->grid[d->hot_cardoor];
        dr->pl = &dr->g->places[0];
        dr->sigma = 0.00025;
        dr->tm = TMPL(t_cardoor);
        dr->hot = true;
        if (rnd_chance(r, 0.6)) {
            dr->phrase = "幸福小区地面停车场";
            dr->address = xa_arena_printf(a, "%s幸福小区地面停车场", station_defs[1].town);
        }
        inc->category = XA_CATEGORY_CRIMINAL;
        inc->channel = XA_CHANNEL_PHONE;
        inc->occurred_at = p->t - rnd_range(r, 10 * MIN_S, 90 * MIN_S);
        break;
    case PLAN_EBIKE:
        dr->g = &d->grid[d->hot_ebike];
        dr->pl = &dr->g->places[3];
        dr->sigma = 0.0003;
        dr->tm = TMPL(t_ebike);
        dr->hot = true;
        dr->phrase = rnd_chance(r, 0.5) ? "南门夜市入口" : "南门夜市";
        inc->category = XA_CATEGORY_CRIMINAL;
        inc->channel = rnd_chance(r, 0.85) ? XA_CHANNEL_PHONE : XA_CHANNEL_WALK_IN;
        inc->occurred_at = p->t - rnd_range(r, 10 * MIN_S, 60 * MIN_S);
        break;
    case PLAN_SER_CARDOOR:
        dr->g = &d->grid[d->ser_cardoor];
        dr->pl = &dr->g->places[0];
        dr->sigma = 0.0002;
        dr->tm = TMPL(t_ser_cardoor);
        dr->hot = true;
        dr->phrase = xa_arena_printf(a, "%s%d栋楼下", dr->pl->name, (int)rnd_range(r, 3, 9));
        inc->category = XA_CATEGORY_CRIMINAL;
        inc->channel = rnd_chance(r, 0.8) ? XA_CHANNEL_PHONE : XA_CHANNEL_WALK_IN;
        inc->occurred_at = p->occurred_at;
        break;
    case PLAN_SER_DOG:
        dr->g = &d->grid[d->ser_dog[p->member % 3 == 2 ? rnd_u64(r) % 3 : (size_t)p->member % 3]];
        dr->pl = &dr->g->places[1 + rnd_u64(r) % (N_PLACES - 1)];
        dr->tm = p->member == SER_DOG_N - 1 ? &t_ser_dog_caught : TMPL(t_ser_dog);
        dr->hot = true;
        inc->category = XA_CATEGORY_CRIMINAL;
        inc->channel = XA_CHANNEL_PHONE;
        inc->occurred_at = p->occurred_at;
        break;
    case PLAN_SER_EBIKE: {
        int k = rnd_chance(r, 0.5);
        dr->g = &d->grid[d->ser_school[k]];
        dr->pl = &dr->g->places[d->ser_school_place[k]];
        dr->sigma = 0.0003;
        dr->tm = TMPL(t_ser_ebike);
        dr->hot = true;
        inc->category = XA_CATEGORY_CRIMINAL;
        inc->channel = rnd_chance(r, 0.75) ? XA_CHANNEL_PHONE : XA_CHANNEL_WALK_IN;
        inc->occurred_at = p->occurred_at;
        break;
    }
    case PLAN_DISPUTE:
        dr->g = &d->grid[d->hot_dispute];
        dr->pl = &dr->g->places[1 + rnd_u64(r) % 2];
        dr->sigma = 0.0008;
        dr->tm = TMPL(t_village_dispute);
        inc->category = XA_CATEGORY_DISPUTE;
        inc->channel = XA_CHANNEL_PHONE;
        break;
    case PLAN_DOG: {
        /* any village of 石门 */
        size_t first = 0, n = 0;
        for (size_t i = 0; i < d->n_grids; i++)
            if (d->grid[i].station == 4) {
                if (!n)
                    first = i;
                n++;
            }
        dr->g = &d->grid[first + rnd_u64(r) % n];
        dr->pl = &dr->g->places[1 + rnd_u64(r) % (N_PLACES - 1)];
        dr->tm = TMPL(t_dog);
        dr->hot = true;
        inc->category = XA_CATEGORY_CRIMINAL;
        inc->channel = XA_CHANNEL_PHONE;
        int64_t day0 = xa_time_day_start_cn(p->t);
        inc->occurred_at = day0 + rnd_range(r, 1 * HOUR_S, 5 * HOUR_S);
        break;
    }
    default: {
        dr->g = &d->grid[rnd_pick(r, d->grid_w, d->n_grids)];
        int hour = (int)((p->t + XA_TIME_CN_OFFSET) % DAY_S / HOUR_S);
        inc->category = pick_category(d, progress, hour);
        inc->channel = (int)rnd_pick(r, channel_w[inc->category], 7);
        static const double urban_w[N_PLACES] = {0.3, 0.3, 0.25, 0.15};
        static const double village_w[N_PLACES] = {0.2, 0.27, 0.27, 0.26};
        size_t pi = rnd_pick(r, dr->g->urban ? urban_w : village_w, N_PLACES);
        if (inc->category == XA_CATEGORY_TRAFFIC && dr->g->urban && rnd_chance(r, 0.7))
            pi = 2;
        dr->pl = &dr->g->places[pi];
        dr->tm = pick_tmpl(d, inc->category, inc->channel);
        for (int tries = 0; tries < 4 && dr->g->urban && kase_of(dr->tm) == K_LIVESTOCK; tries++)
            dr->tm = pick_tmpl(d, inc->category, inc->channel); /* no goats in town */
        if (inc->channel == XA_CHANNEL_PATROL)
            inc->occurred_at = p->t;
        else if (inc->category == XA_CATEGORY_CRIMINAL && rnd_chance(r, 0.5))
            inc->occurred_at = p->t - rnd_range(r, 30 * MIN_S, 10 * HOUR_S);
        break;
    }
    }
    if (!dr->sigma) {
        static const double sigma_by_kind[] = {0, 0.0004, 0.0012, 0.0005, 0.001, 0.0015};
        dr->sigma = sigma_by_kind[dr->pl->kind];
    }
    const char *phrase, *address;
    describe(d, dr->g, dr->pl, &phrase, &address);
    if (!dr->phrase)
        dr->phrase = phrase;
    if (!dr->address)
        dr->address = address;

    const struct tmpl *tm = dr->tm;
    long amount = tm->amax ? (long)rnd_range(r, tm->amin / 100, tm->amax / 100) * 100 : 0;
    dr->amount = amount;
    int number = strstr(tm->text, "孩子") ? (int)rnd_range(r, 6, 13) : (int)rnd_range(r, 68, 88);
    *f = (struct fill){{
        dr->phrase,
        xa_arena_printf(a, "%ld", amount),
        xa_arena_printf(a, "%d", number),
        xa_arena_printf(a, "%s%s", PICK(r, ebike_colors), PICK(r, ebike_brands)),
        xa_arena_printf(a, "%s某", surnames[rnd_u64(r) % 30]),
        PICK(r, village_dispute_topics),
    }};
}

/* The caller of a call on channel: name, phone (NULL when anonymous), ID number of walk-ins. */
static void caller(struct demo *d, const struct plan *p, struct xa_incident *inc)
{
    uint64_t *r = &d->rng;
    struct xa_arena *a = &d->tmp;
    if (p->kind == PLAN_DISPUTE) {
        size_t i = rnd_u64(r) % N(village_parties);
        inc->caller_name = village_parties[i].name;
        inc->caller_phone = village_parties[i].phone;
        return;
    }
    switch (inc->channel) {
    case XA_CHANNEL_PATROL:
        return;
    case XA_CHANNEL_BANK:
        inc->caller_name = "农商银行青山支行";
        inc->caller_phone =
            xa_arena_printf(a, "0719-%07lld", (long long)rnd_range(r, 3200000, 3299999));
        return;
    case XA_CHANNEL_PHONE:
        if (rnd_chance(r, 0.07))
            return; /* anonymous: neither name nor number */
        break;
    default:
        break;
    }
    bool male = rnd_chance(r, 0.55);
    inc->caller_name = xa_demo_svc_name(d, a, male);
    double p_phone = inc->channel == XA_CHANNEL_VISIT     ? 0.5
                     : inc->channel == XA_CHANNEL_WALK_IN ? 0.9
                                                          : 1.0;
    if (rnd_chance(r, p_phone))
        inc->caller_phone = xa_demo_svc_mobile(d, a);
    if (inc->channel == XA_CHANNEL_WALK_IN && rnd_chance(r, 0.7))
        inc->caller_id_number = xa_demo_svc_id_number(d, a, 1950, 2004, male);
}

static int priority_of(struct demo *d, int category, const struct tmpl *tm)
{
    double u = rnd_unit(&d->rng);
    switch (category) {
    case XA_CATEGORY_FIRE:
        return u < 0.6 ? 1 : 2;
    case XA_CATEGORY_CRIMINAL:
        return u < 0.05 ? 1 : u < 0.4 ? 2 : 3;
    case XA_CATEGORY_HELP:
        if (strstr(tm->text, "走失") || strstr(tm->text, "幼儿") || strstr(tm->text, "疾病"))
            return u < 0.3 ? 1 : 2;
        return u < 0.1 ? 2 : 3;
    case XA_CATEGORY_COMPLAINT:
    case XA_CATEGORY_OTHER:
        return u < 0.3 ? 4 : 3;
    default:
        return u < 0.03 ? 1 : u < 0.13 ? 2 : u < 0.95 ? 3 : 4;
    }
}

static int put_incident(struct demo *d, const struct plan *p, size_t from_end)
{
    struct xa_ctx *ctx = d->ctx;
    struct xa_arena *a = &d->tmp;
    uint64_t *r = &d->rng;
    struct xa_incident inc = {0};
    struct draft dr;
    struct fill f;
    double progress = (double)(p->t - d->start) / (double)(d->anchor - d->start);
    compose(d, p, progress, &inc, &dr, &f);
    const struct grid *g = dr.g;
    const struct station *st = &d->st[g->station];
    caller(d, p, &inc);
    inc.unit_id = st->unit.id;
    inc.priority = priority_of(d, inc.category, dr.tm);
    inc.narrative = expand(a, dr.tm->text, &f);
    inc.address = dr.address;
    inc.grid_id = g->id;
    inc.has_location = true;
    scatter(d, g, dr.pl->lat, dr.pl->lon, dr.sigma, &inc.lat, &inc.lon);
    inc.received_at = p->t;
    inc.received_by = d->off[desk_on_duty(st, p->t)].id;
    xa_incident_set_due(&inc, &d->sla);
    if (xa_incident_validate(&inc, ctx->now, &ctx->verr))
        return XA_EINTERNAL; /* a template or generator bug, not the user's input */

    /* the lifecycle, cut at the anchor and at the planned stop */
    struct times t;
    draw_times(d, &inc, station_defs[g->station].urban, inc.category, &t);
    int stop = stop_state(d, d->anchor - p->t, from_end);
    size_t officer = pick_officer(d, &dr, inc.category);
    const char *result = pick_result(d, dr.tm, inc.category);
    bool has_phone = inc.caller_phone != NULL;
    bool replies = has_phone || inc.channel == XA_CHANNEL_WALK_IN;
    int method = reply_method(d, inc.channel, has_phone);
    const char *reply = reply_text(d, method, inc.category);
    struct ev evs[8];
    size_t n_ev = 0;
    int rc = apply(&inc, evs, &n_ev, XA_INCIDENT_RECEIVE, p->t, inc.received_by, 0, NULL);
#define DUE(step) (!rc && stop > inc.status && (step) < d->anchor)
    if (DUE(t.dispatch))
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_DISPATCH, t.dispatch,
                   d->off[desk_on_duty(st, t.dispatch)].id, d->off[officer].id, NULL);
    if (t.redispatch && inc.status == XA_INCIDENT_DISPATCHED && DUE(t.redispatch)) {
        /* 改派: another patrol of the station takes over */
        size_t j = 0;
        while (j < st->n_patrol && st->patrol[j] != officer)
            j++;
        j = j < st->n_patrol ? (j + 1 + rnd_u64(r) % (st->n_patrol - 1)) % st->n_patrol
                             : rnd_u64(r) % st->n_patrol;
        officer = st->patrol[j];
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_DISPATCH, t.redispatch,
                   d->off[desk_on_duty(st, t.redispatch)].id, d->off[officer].id,
                   "原处警民警处置其他警情，改派就近民警");
    }
    if (DUE(t.arrive) && inc.status == XA_INCIDENT_DISPATCHED)
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_ARRIVE, t.arrive, d->off[officer].id, 0, NULL);
    if (DUE(t.handle) && inc.status == XA_INCIDENT_ON_SCENE)
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_HANDLE, t.handle, d->off[officer].id, 0, result);
    if (replies && DUE(t.reply) && inc.status == XA_INCIDENT_HANDLED) {
        inc.reply_method = method;
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_REPLY, t.reply,
                   d->off[desk_on_duty(st, t.reply)].id, 0, reply);
    }
    if (!replies && inc.status == XA_INCIDENT_HANDLED)
        t.close = t.handle + rnd_range(r, 10 * MIN_S, 6 * HOUR_S);
    if (DUE(t.close) &&
        (inc.status == XA_INCIDENT_REPLIED || (!replies && inc.status == XA_INCIDENT_HANDLED)))
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_CLOSE, t.close,
                   d->off[desk_on_duty(st, t.close)].id, 0, NULL);
#undef DUE
    if (rc)
        return rc;
    inc.due_next = xa_incident_next_due(&inc);

    int32_t day = xa_time_day_cn(p->t);
    int64_t seq;
    rc = xa_store_incident_next_seq(d->s, st->unit.id, day, &seq);
    if (rc)
        return rc;
    char *code = xa_arena_alloc(a, XA_CODE_MAX);
    xa_code_incident(st->def->code, day, seq, code);
    inc.code = code;
    for (int attempt = 0; attempt < 4; attempt++) {
        unsigned char rnd[XA_CODE_STATUS_RANDOM_BYTES];
        uint64_t bits = rnd_u64(r);
        for (size_t i = 0; i < sizeof(rnd); i++)
            rnd[i] = (unsigned char)(bits >> (8 * i));
        char *sc = xa_arena_alloc(a, XA_CODE_STATUS_LEN + 1);
        xa_code_status(rnd, sc);
        inc.status_code = sc;
        rc = xa_store_incident_put(d->s, &inc);
        if (rc != XA_ECONFLICT)
            break; /* only the status code can collide */
    }
    if (rc)
        return rc;
    for (size_t i = 0; i < n_ev; i++) {
        struct xa_incident_event ev = {
            .incident_id = inc.id,
            .at = evs[i].at,
            .user_id = evs[i].user_id,
            .action = evs[i].action,
            .from_status = evs[i].from,
            .to_status = evs[i].to,
            .officer_id = evs[i].officer_id,
            .note = evs[i].note,
        };
        rc = xa_store_incident_event_put(d->s, &ev);
        if (rc)
            return rc;
    }
    if (kase_of(dr.tm)) {
        struct lead l = {
            .kase = kase_of(dr.tm),
            .series = p->series,
            .member = p->member,
            .station = g->station,
            .grid = (int)(g - d->grid),
            .officer = officer,
            .phrase = dr.phrase,
            .amount = dr.amount,
            .ebike = f.v[3],
        };
        xa_demo_case_lead(d, &inc, &l);
    }
    d->sum->n_incidents++;
    d->sum->n_events += n_ev;
    if (inc.status != XA_INCIDENT_CLOSED) {
        d->sum->n_open++;
        if (inc.due_next && inc.due_next < ctx->now)
            d->sum->n_overdue++;
    }
    return XA_OK;
}

static int add_incidents(struct demo *d)
{
    size_t n;
    struct plan *pl = plan_calls(d, &n);
    int rc = XA_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = put_incident(d, &pl[i], n - 1 - i);
        if (i % 512 == 511)
            xa_arena_release(&d->tmp);
    }
    free(pl);
    return rc;
}

/* ---- the summary's logins ---- */

static void list_logins(struct demo *d)
{
    struct xa_demo_summary *sum = d->sum;
    sum->logins = xa_arena_alloc(d->ctx->arena, d->n_off * sizeof(*sum->logins));
    sum->n_logins = 0;
    for (size_t i = 0; i < d->n_off; i++) {
        const struct officer *o = &d->off[i];
        /* admin, chief, analyst1 and the first of each role at each station (<role>1..5) */
        const char *digits = o->username + strcspn(o->username, "0123456789");
        long num = *digits ? strtol(digits, NULL, 10) : 0;
        if (num > (o->role == XA_ROLE_ANALYST ? 1 : N_STATIONS))
            continue;
        sum->logins[sum->n_logins++] = (struct xa_demo_login){
            .username = o->username,
            .name = o->name,
            .role = xa_vocab_code(&xa_vocab_role, o->role),
            .unit_name = o->unit_name,
        };
    }
}

/* ---- the use case ---- */

int xa_demo_svc_build(struct xa_ctx *ctx, const struct xa_demo_opts *opts,
                      struct xa_demo_summary *out)
{
    int rc;
    struct xa_demo_summary sum = {0};
    struct demo *d = NULL;
    char *hash = NULL;
    if (!ctx->actor || ctx->actor->role != XA_ROLE_ADMIN)
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    if (opts->days < 1 || opts->days > XA_DEMO_DAYS_MAX)
        xa_verr_add(&ctx->verr, "days", "out_of_range");
    const char *pw_problem = xa_user_password_problem(opts->password ? opts->password : "");
    if (pw_problem)
        xa_verr_add(&ctx->verr, "password", pw_problem);
    if (ctx->verr.n)
        return XA_EVALIDATION;
    rc = xa_auth_svc_hash(ctx->arena, opts->password, &hash);
    if (rc)
        return rc;

    d = xa_xcalloc(1, sizeof(*d));
    d->ctx = ctx;
    d->s = ctx->store;
    xa_arena_init(&d->tmp);
    d->rng = opts->seed;
    d->days = opts->days;
    d->anchor = ctx->now;
    d->start = xa_time_day_start_cn(ctx->now) - (int64_t)opts->days * DAY_S;
    d->hash = hash;
    d->sla = xa_incident_sla_default();
    d->sum = &sum;
    d->hot_cardoor = d->hot_ebike = d->hot_dispute = -1;
    d->ser_cardoor = -1;
    sum.anchor = d->anchor;

    rc = xa_store_begin(d->s, true);
    if (rc)
        goto out;
    struct xa_unit *units;
    size_t n_units;
    rc = xa_store_unit_list(d->s, ctx->arena, &units, &n_units);
    if (rc)
        goto out;
    if (n_units) {
        rc = xa_ctx_fail(ctx, XA_ECONFLICT, "database", "not_empty");
        goto out;
    }
    rc = add_units(d);
    if (!rc)
        rc = add_users(d);
    if (!rc)
        rc = add_grids(d);
    if (!rc &&
        (d->hot_cardoor < 0 || d->hot_ebike < 0 || d->hot_dispute < 0 || d->ser_cardoor < 0 ||
         d->ser_dog[1] < 0 || d->ser_dog[2] < 0 || d->ser_school[0] < 0 || d->ser_school[1] < 0))
        rc = XA_EINTERNAL;
    if (!rc)
        rc = add_incidents(d);
    if (!rc)
        rc = xa_demo_case_build(d);
    if (!rc)
        rc = xa_ctx_audit(ctx, "demo.create", "unit", d->bureau.id, NULL,
                          xa_arena_printf(ctx->arena,
                                          "{\"seed\":%llu,\"days\":%d,\"units\":%zu,"
                                          "\"grids\":%zu,\"users\":%zu,\"incidents\":%zu,"
                                          "\"cases\":%zu}",
                                          (unsigned long long)opts->seed, opts->days, sum.n_units,
                                          sum.n_grids, sum.n_users, sum.n_incidents, sum.n_cases));
    if (!rc)
        rc = xa_store_commit(d->s);
    if (!rc) {
        list_logins(d);
        *out = sum;
    }
out:
    if (rc)
        xa_store_rollback(d->s);
    xa_arena_release(&d->tmp);
    free(d->leads);
    free(d->rows);
    free(d);
    return rc;
}
