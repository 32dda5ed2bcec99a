/*
 * msg.h - the reason words of field problems and refusals, with their Chinese and English
 * text. The API sends the word (stable, for programs) and the text (for people, in the
 * language the client asked for); the web UI may use either.
 */
#ifndef XA_MSG_H
#define XA_MSG_H

/* X(word, 中文, English) */
#define XA_MSG_MAP(X)                                                                          \
    X(required, "必填项", "is required")                                                       \
    X(wrong_type, "类型不正确", "has the wrong type")                                          \
    X(unknown_field, "不支持的字段", "is not a known field")                                   \
    X(unknown_value, "取值不在允许范围内", "is not an allowed value")                           \
    X(too_long, "内容过长", "is too long")                                                     \
    X(too_short, "内容过短", "is too short")                                                   \
    X(empty, "不能为空", "must not be empty")                                                  \
    X(out_of_range, "超出允许范围", "is out of range")                                         \
    X(bad_format, "格式不正确", "has a bad format")                                            \
    X(bad_time, "时间格式不正确或不存在", "is not a valid time")                               \
    X(in_future, "时间不能晚于当前时间", "must not be in the future")                          \
    X(after_received, "发生时间不能晚于接警时间", "must not be after the time received")       \
    X(bad_phone, "电话号码格式不正确", "is not a valid phone number")                          \
    X(bad_id_number, "身份证号码格式不正确", "is not a valid ID number")                       \
    X(bad_id_checksum, "身份证号码校验位错误", "has a wrong ID number check digit")            \
    X(bad_id_birth, "身份证号码中的出生日期不存在", "has an impossible birth date")            \
    X(bad_latitude, "纬度须在 -90 到 90 之间", "must be a latitude between -90 and 90")        \
    X(bad_longitude, "经度须在 -180 到 180 之间", "must be a longitude between -180 and 180")   \
    X(lat_lon_pair, "经纬度须同时填写", "latitude and longitude go together")                  \
    X(bad_json, "请求体不是合法的 JSON", "body is not valid JSON")                             \
    X(not_object, "请求体须为 JSON 对象", "body must be a JSON object")                        \
    X(no_such_user, "用户不存在", "no such user")                                              \
    X(no_such_unit, "单位不存在", "no such unit")                                              \
    X(not_in_scope, "不在本单位管辖范围内", "is outside your units")                           \
    X(not_an_officer, "该用户不能被派警", "cannot be dispatched")                              \
    X(user_inactive, "该用户已停用", "is deactivated")                                        \
    X(taken, "已被占用", "is already taken")                                                   \
    X(weak_password, "密码至少 8 位", "must have at least 8 characters")                       \
    X(illegal_transition, "当前状态下不能执行此操作", "is not allowed in the current state")   \
    X(reply_needed, "有报警人的警情须先回复再办结", "needs a reply to the caller before closing") \
    X(not_accountable, "只有责任民警可以执行此操作", "only the accountable officer may do this") \
    X(role_denied, "当前角色无权执行此操作", "is not allowed for your role")                   \
    X(bad_credentials, "用户名或密码错误", "wrong username or password")                       \
    X(locked, "登录失败次数过多，账号已临时锁定，请稍后再试",                                   \
      "too many failed logins, the account is locked for a while")                             \
    X(too_many_attempts, "尝试次数过多，请稍后再试", "too many attempts, try again later")       \
    X(csrf, "缺少或错误的 CSRF 令牌", "missing or wrong CSRF token")                           \
    X(login_required, "请先登录", "please log in")                                             \
    X(body_too_large, "请求体过大", "request body too large")                                  \
    X(not_found, "记录不存在", "no such record")                                               \
    X(no_route, "接口不存在", "no such endpoint")                                              \
    X(method, "不支持的请求方法", "method not allowed")                                        \
    X(reason_required, "查看完整信息须填写事由", "a reason is needed to see the full value")   \
    X(no_value, "该字段无内容", "the field is empty")                                          \
    X(internal, "服务器内部错误", "internal server error")                                     \
    X(busy, "服务器繁忙，请稍后再试", "server busy, try again")

/* Text of a reason word in "zh" (default) or "en"; an unknown word is returned as is. */
const char *xa_msg_text(const char *word, int english);

#endif
