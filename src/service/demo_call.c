/*
 * demo_call.c - what the demo county's calls (警情) say: the narratives of every category and
 * channel with the kind of case each describes, the results officers write, who calls, and
 * the code that picks a call's grid, place and template and fills in its placeholders.
 *
 * Planted patterns for the analysis pages: night car-door thefts (拉车门) at 幸福小区 in
 * 河东, e-bike thefts at the 南门夜市 in 城关, repeated land disputes in 柳林乡杨树湾村 and a
 * winter dog-theft series in 石门's villages; and the calls of the series planted for linkage
 * (enum demo_series: one 城关 compound's night car-door thefts, dog poisonings in three 石门
 * villages, an e-bike ring at two schools). demo_incident.c decides when they come.
 * Invariant: every draw comes from d->rng in the order the calls are written, and strings
 * live in d->tmp.
 */
#include "service/demo_int.h"

#include "base/time.h"

#include <string.h>

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

int xa_demo_call_kase(const struct tmpl *t)
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

/* ---- a call: its category, channel, template, result and caller ---- */

/* Indexed by enum xa_category: help 30%, dispute 20%, public order 15%, criminal 11%,
 * traffic 12%, complaint 5%, fire 1%, other 6%. */
static const double category_w[] = {0, 11, 15, 20, 30, 12, 1, 5, 6};

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

const char *xa_demo_call_result(struct demo *d, const struct tmpl *tm, int category)
{
    if (tm->result && rnd_chance(&d->rng, 0.85))
        return tm->result;
    if (category == XA_CATEGORY_DISPUTE && rnd_chance(&d->rng, 0.5))
        return PICK(&d->rng, results_dispute_alt);
    if (category == XA_CATEGORY_COMPLAINT && rnd_chance(&d->rng, 0.4))
        return PICK(&d->rng, results_complaint_alt);
    return results_generic[category];
}

/* t with its placeholders replaced; arena-owned. */
const char *xa_demo_call_expand(struct xa_arena *a, const char *t, const struct fill *f)
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

/* What the plan is about: grid, place, template, and the fields that follow from them. */
void xa_demo_call_compose(struct demo *d, const struct plan *p, double progress,
                          struct xa_incident *inc, struct draft *dr, struct fill *f)
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
            dr->address = xa_arena_printf(a, "%s幸福小区地面停车场", xa_demo_svc_stations[1].town);
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
        for (int tries = 0; tries < 4 && dr->g->urban && xa_demo_call_kase(dr->tm) == K_LIVESTOCK;
             tries++)
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
    xa_demo_map_describe(d, dr->g, dr->pl, &phrase, &address);
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
        xa_arena_printf(a, "%s某", xa_demo_svc_surnames[rnd_u64(r) % 30]),
        PICK(r, village_dispute_topics),
    }};
}

/* The caller of a call on channel: name, phone (NULL when anonymous), ID number of walk-ins. */
void xa_demo_call_caller(struct demo *d, const struct plan *p, struct xa_incident *inc)
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
