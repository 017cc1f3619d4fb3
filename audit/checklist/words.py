"""Every sentence the checklist says around the data, in English and Simplified Chinese.

Questions, reasons and fixes are data (``checks/platforms``); these are the frame: prompts,
headings, progress, the few sentences that join a setting to what was found in photos, the
names of confirmation labels, answers and places in an app, and the checklist's error messages
(answers file, paper codes, command line), grouped under a comment per part.
"""

from __future__ import annotations

from audit.models import Text

SEP = Text(", ", "、")

ANSWER_LABEL = Text("your answer", "你的回答")
UNSURE_FIX = Text("First check this setting. ", "请先核对这项设置。")
CHECK_TITLE = Text("Check this setting: {title}", "请核对这项设置：{title}")
WHERE = Text("Where", "位置")
PATH_UNCONFIRMED = Text("not confirmed, may differ", "未经证实，可能不同")
PHOTOS_WITH = Text("photos with '{title}'", "带有“{title}”的照片")
FINDING_COUNT = Text("{title} ×{count}", "{title} ×{count}")

LABELS_NOTE = {
    "zh": Text(
        "Menu names are given in Chinese as the app shows them, with an English translation in "
        "brackets.",
        "菜单名称按应用里显示的中文给出。",
    ),
    "en": Text(
        "Menu names are given in English as the app shows them.",
        "菜单名称按应用里显示的英文给出，括号里是中文翻译；你的应用里的中文说法可能不同。",
    ),
}

# Interactive run.
ANSWERS_AT = Text("Your answers are saved in: {path}", "你的答案保存在：{path}")
RESUMING = Text(
    "Continuing where you stopped: {done} of {total} answered.",
    "从上次停下的地方继续：已回答 {done}/{total}。",
)
CHOOSE_HEADING = Text("Which apps do you use?", "你在用哪些应用？")
CHOOSE_PROMPT = Text(
    "Type their numbers separated by spaces (for example: 1 3)",
    "输入它们的编号，用空格隔开（例如：1 3）",
)
CHOOSE_AGAIN = Text(
    "Please type numbers from the list, for example: 1 3",
    "请输入列表里的编号，例如：1 3",
)
STARTING = Text(
    "{total} questions. Answer y (yes), n (no), ? (not sure) or s (skip); q stops. Every answer "
    "is saved at once.",
    "共 {total} 个问题。回答 是/y、否/n、不确定/?，或 跳过/s；输入 q 停止。每个回答都会立即保存。",
)
SAFETY = Text(
    "If someone who might harm you can see your phone or accounts, changing settings may tip "
    "them off: think about your safety first.",
    "如果可能伤害你的人能看到你的手机或账号，修改设置可能会引起对方注意：请先考虑自己的安全。",
)
QUESTION_PROMPT = Text(
    "Your answer [y = yes, risky / n = no / ? = not sure / s = skip]",
    "你的回答［是/y = 有风险，否/n，不确定/?，跳过/s］",
)
FACT_PROMPT = Text(
    "Press Enter when you have read this (q stops)", "读完后按回车继续（输入 q 停止）"
)
ANSWER_AGAIN = Text(
    "Please answer y (yes), n (no), ? (not sure) or s (skip); q stops.",
    "请回答 是/y、否/n、不确定/?，或 跳过/s；输入 q 停止。",
)
FACT_MARK = Text("Good to know", "须知")
WHY = Text("Why it matters", "为什么重要")
FIX = Text("What to do", "怎么做")
CHANGE_THIS = Text("Change this", "需要修改")
CHECK_THIS = Text("Check this", "请核对")
SOURCE = Text(
    "Source: {source}; checked {checked}; {label}.", "来源：{source}；核对日期 {checked}；{label}。"
)
STOPPED = Text(
    "Stopped. {done} of {total} answers are saved in {path}.",
    "已停止。{total} 个问题中已保存 {done} 个回答，保存在 {path}。",
)
STOPPED_EARLY = Text(
    "Stopped before any app was chosen; nothing new was saved.",
    "还没有选择应用就停止了；没有保存新的内容。",
)
ALL_DONE = Text("All questions answered.", "所有问题都已回答。")
AGAIN_HINT = Text(
    "To go through these apps again, add --restart.",
    "如果想把这些应用重新检查一遍，请加上 --restart。",
)

# The list of what to change.
CHANGES_HEADING = Text("What to change", "需要修改的设置")
CHANGES_COUNT = Text(
    "{changes} setting(s) to change, {unsure} to check.",
    "{changes} 项设置需要修改，{unsure} 项需要核对。",
)
NOTHING_TO_CHANGE = Text(
    "Nothing to change in the settings you answered. Well done.",
    "你回答的设置里没有需要修改的。做得好。",
)
NOT_ANSWERED = Text(
    "Not answered yet: {count} question(s). Run 'exposure checklist' to answer them.",
    "还有 {count} 个问题没有回答。运行“exposure checklist”继续回答。",
)
SKIPPED = Text("Skipped: {count} question(s).", "跳过了 {count} 个问题。")
FACTS_HEADING = Text("Good to know (no setting to change)", "须知（没有设置可改）")
NO_ANSWERS = Text(
    "No answers yet. Run 'exposure checklist' to answer the questions.",
    "还没有回答。请运行“exposure checklist”回答问题。",
)

# Worksheet.
WORKSHEET_TITLE = Text("Privacy settings checklist", "隐私设置检查表")
WORKSHEET_NAME = Text(
    "Name: ________________  Date: ____________", "姓名：________________  日期：____________"
)
WORKSHEET_READ = Text("I have read this", "我已阅读")
QUESTION = Text("Question", "问题")
RISKY_MARK = Text("risky", "有风险")
WORKSHEET_HOW = Text(
    "For each question, open the app, find the setting and tick one box. The box marked ⚠ is "
    "the risky answer: if you tick it, follow 'What to do'. Paths marked 'not confirmed' may look "
    "different in your version: look around that menu.",
    "每个问题都请打开应用、找到对应设置，然后勾选一个方框。标着 ⚠ 的方框是有风险的答案："
    "如果勾了它，请按“怎么做”处理。标着“未经证实”的路径在你的版本里可能不一样：请在那个菜单附近找找。",
)
CODE_HEADING = Text("Answer code", "答案代码")
CODE_HOW = Text(
    "Write one letter per question, in order: y (yes), n (no), ? (not sure) or s (skipped). "
    "Then type the command below with your letters in place of the blanks, and your answers "
    "join the tool's report.",
    "按顺序每题写一个字母：y（是）、n（否）、?（不确定）或 s（跳过）。"
    "然后输入下面的命令，把横线换成你写的字母，你的答案就会进入工具的报告。",
)

# Before and after a run.
CONTINUE_WITH = Text("To continue, run: {command}", "要继续，请运行：{command}")
NEXT_STEPS = Text(
    "Next: '{evaluate}' lists what to change; '{scan}' puts these settings beside what your "
    "photos show.",
    "下一步：“{evaluate}”列出需要修改的设置；“{scan}”把这些设置和你的照片的检查结果放在一起。",
)
PAPER_SAVED = Text(
    "{app}: {count} answer(s) from paper saved in {path}.",
    "{app}：纸上的 {count} 个回答已保存到 {path}。",
)
PHOTOS_PLACEHOLDER = Text("YOUR-PHOTOS", "你的照片文件夹")


# The checklist command (audit/checklist/cli.py).
DATA_DAMAGED = Text(
    "exposure's own data files are damaged: {error}", "exposure 自带的数据文件已损坏：{error}"
)
NO_ANSWERS_FILE = Text(
    "There is no answers file at {path} yet. Run 'exposure checklist' to answer the questions "
    "first, or 'exposure checklist from-paper' to type in a paper worksheet.",
    "{path} 还没有答案文件。请先运行“exposure checklist”回答问题，"
    "或用“exposure checklist from-paper”输入纸质检查表。",
)
UNKNOWN_PLATFORM = Text(
    "Unknown platform {value}. Choose from: {known}.",
    "不认识的平台 {value}。可选：{known}。",
)
RESTART_ALONE = Text(
    "--restart only applies to 'exposure checklist ask'.",
    "--restart 只用于“exposure checklist ask”。",
)


# Answers written on paper (audit/checklist/paper.py).
PAPER_NOT_A_CODE = Text(
    "{code} is not an answer code: write the app, '=', then one letter per question, "
    "for example wechat=yn?ny.",
    "{code} 不是答案代码：先写应用，再写“=”，然后每题一个字母，例如 wechat=yn?ny。",
)
PAPER_UNKNOWN_APP = Text(
    "Unknown app {name} in {code}. Choose from: {known}.",
    "{code} 里的应用 {name} 不认识。可选：{known}。",
)
PAPER_WRONG_COUNT = Text(
    "{app} has {expected} questions, but {code} gives {got} answers: write one letter "
    "per question (y, n, ?, or s for skipped).",
    "{app} 有 {expected} 个问题，但 {code} 给了 {got} 个回答："
    "每题写一个字母（y、n、?，跳过写 s）。",
)
PAPER_BAD_LETTER = Text(
    "Question {number} in {code} has '{letter}': use y, n, ? or s.",
    "{code} 的第 {number} 题写的是“{letter}”：请用 y、n、? 或 s。",
)


# How well a menu path is confirmed, and what a person answered (audit/checklist/model.py).
LABEL_OFFICIAL = Text("confirmed by the platform's own pages", "平台官方资料已确认")
LABEL_SECONDARY = Text(
    "confirmed by other sources; check it in your app", "其他资料已确认；请在你的应用里核对"
)
LABEL_WEAK = Text("weak sources only; look in your app", "只有不太可靠的资料；请在应用里查找")
LABEL_UNVERIFIED = Text("not confirmed; look in your app", "未经证实；请在应用里查找")
ANSWER_YES = Text("yes", "是")
ANSWER_NO = Text("no", "否")
ANSWER_UNSURE = Text("not sure", "不确定")
ANSWER_SKIP = Text("skipped", "跳过")
ANSWER_SEEN = Text("read", "已读")

#: Where a menu path applies: the data names one of these instead of repeating the words.
PLACES = {
    "app": Text("In the app", "在应用里"),
    "older": Text("Older versions", "旧版本"),
    "newer": Text("Newer versions", "新版本"),
    "web": Text("On the website", "网页版"),
    "desktop": Text("On a computer", "电脑上"),
    "posting": Text("When posting", "发布时"),
    "sending": Text("When sending", "发送时"),
    "profile": Text("On your profile", "在个人主页"),
    "or": Text("Or", "或者"),
}


# Reading and writing the answers file (audit/checklist/answers.py).
ANSWERS_NOT_OURS = Text(
    "{path} is not an exposure answers file. It was left unchanged; give another file with "
    "--answers.",
    "{path} 不是 exposure 的答案文件。它没有被改动；请用 --answers 指定另一个文件。",
)
ANSWERS_OTHER_VERSION = Text(
    "{path} was written by another version of exposure (answers format {version}); "
    "update exposure to read it.",
    "{path} 是另一个版本的 exposure 写的（答案格式 {version}）；请更新 exposure 后再读取。",
)
ANSWERS_DAMAGED_LAYOUT = Text(
    "{path} is damaged: 'platforms' must be a list of names and 'answers' a table. It "
    "was left unchanged.",
    "{path} 已损坏：“platforms”应是名称列表，“answers”应是表格。文件没有被改动。",
)
ANSWERS_UNKNOWN_PLATFORM = Text(
    "{path} names a platform this version of exposure does not know: {platform}. Known "
    "platforms: {known}. The file was left unchanged.",
    "{path} 里有这个版本的 exposure 不认识的平台：{platform}。已知平台：{known}。文件没有被改动。",
)
ANSWERS_DAMAGED_PLATFORM = Text(
    "{path} is damaged: the answers for {platform} are not a table. It was left unchanged.",
    "{path} 已损坏：{platform} 的答案不是表格。文件没有被改动。",
)
ANSWERS_DAMAGED_ANSWER = Text(
    "{path} is damaged: {platform} / {item} has the answer {value!r}; answers "
    "are yes, no, unsure, skip or seen. It was left unchanged.",
    "{path} 已损坏：{platform} / {item} 的答案是 {value!r}；"
    "答案只能是 yes、no、unsure、skip 或 seen。文件没有被改动。",
)
ANSWERS_MISSING = Text("{path} does not exist.", "{path} 不存在。")
ANSWERS_FOLDER = Text("{path} is a folder, not an answers file.", "{path} 是文件夹，不是答案文件。")
ANSWERS_UNREADABLE = Text("{path} could not be read ({reason}).", "无法读取 {path}（{reason}）。")
ANSWERS_NOT_ORDINARY = Text(
    "{path} is not an ordinary file (a pipe or a device), so it was not read.",
    "{path} 不是普通文件（而是管道或设备），因此没有读取。",
)
ANSWERS_UNSAVED = Text(
    "Could not save your answers to {path} ({reason}). Choose another file with --answers.",
    "无法把答案保存到 {path}（{reason}）。请用 --answers 换一个文件。",
)
