//! The datasets: for each, its columns — name, type, meaning and how the value is read from
//! the views — in one place, so the field descriptions and the files cannot drift apart.

use super::{Cell, Dataset, Field, FieldType, Sources};
use crate::base::lang::{Lang, Localized};
use crate::base::quantity;
use crate::base::text::format_number;
use crate::input::data::indicator::{Observation, Target};
use crate::model::entity::EntityKind;
use crate::model::views::{
    AgencyView, FirmView, IndicatorView, Link, ProjectView, ServiceView, TaskView,
};

type Getter<'a, T> = Box<dyn Fn(&T) -> Cell + 'a>;

/// One column: its description and how to read its value from a record of the views.
struct Column<'a, T> {
    field: Field,
    value: Getter<'a, T>,
}

fn words(zh: &str, en: &str) -> Localized {
    Localized {
        zh: zh.to_string(),
        en: en.to_string(),
    }
}

/// The columns of one dataset, in order.
struct Columns<'a, T> {
    site: &'a Sources<'a>,
    list: Vec<Column<'a, T>>,
}

impl<'a, T: 'a> Columns<'a, T> {
    fn new(site: &'a Sources<'a>) -> Self {
        Columns {
            site,
            list: Vec::new(),
        }
    }

    /// A column `name` of type `kind`, meaning `zh` / `en`, whose value `value` reads.
    fn col(
        &mut self,
        name: &str,
        kind: FieldType,
        zh: &str,
        en: &str,
        value: impl Fn(&T) -> Cell + 'a,
    ) -> &mut Self {
        self.list.push(Column {
            field: Field {
                name: name.to_string(),
                kind,
                meaning: words(zh, en),
            },
            value: Box::new(value),
        });
        self
    }

    /// The Chinese and English columns `<name>_zh` and `<name>_en` of a bilingual text.
    fn texts(
        &mut self,
        name: &str,
        zh: &str,
        en: &str,
        get: fn(&T) -> Option<&Localized>,
    ) -> &mut Self {
        self.col(
            &format!("{name}_zh"),
            FieldType::Text,
            &format!("{zh}（中文）"),
            &format!("{en}, in Chinese"),
            move |t| get(t).map_or(Cell::Null, |l| Cell::Text(l.zh.clone())),
        );
        self.col(
            &format!("{name}_en"),
            FieldType::Text,
            &format!("{zh}（英文）"),
            &format!("{en}, in English"),
            move |t| get(t).map_or(Cell::Null, |l| Cell::Text(l.en.clone())),
        )
    }

    /// A list of references to another dataset as three columns: `<name>_ids` (the ids),
    /// and `<name>_zh` and `<name>_en` (their names), so that a spreadsheet shows names.
    fn links(&mut self, name: &str, zh: &str, en: &str, get: fn(&T) -> &[Link]) -> &mut Self {
        self.col(
            &format!("{name}_ids"),
            FieldType::IdList,
            zh,
            en,
            move |t| ids(get(t)),
        );
        for lang in Lang::ALL {
            let (zh_meaning, en_meaning) = match lang {
                Lang::Zh => (
                    format!("{name}_ids 各项的名称（中文）"),
                    format!("Names of the items of {name}_ids, in Chinese"),
                ),
                Lang::En => (
                    format!("{name}_ids 各项的名称（英文）"),
                    format!("Names of the items of {name}_ids, in English"),
                ),
            };
            self.col(
                &format!("{name}_{}", lang.code()),
                FieldType::TextList,
                &zh_meaning,
                &en_meaning,
                move |t| {
                    Cell::List(
                        get(t)
                            .iter()
                            .map(|l| l.name.get(lang.code()).to_string())
                            .collect(),
                    )
                },
            );
        }
        self
    }

    /// `url_zh` and `url_en`: the record's page on this site in each language.
    fn urls(&mut self, path: fn(&T) -> &str) -> &mut Self {
        let addresses = &self.site.addresses;
        let url = move |lang: Lang, t: &T| Cell::Text(addresses.permalink(lang, path(t)));
        self.col(
            "url_zh",
            FieldType::Url,
            "本网站中文页面上该条记录的地址",
            "Address of the record's Chinese page on this site",
            move |t| url(Lang::Zh, t),
        );
        self.col(
            "url_en",
            FieldType::Url,
            "本网站英文页面上该条记录的地址",
            "Address of the record's English page on this site",
            move |t| url(Lang::En, t),
        )
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn int(n: impl Into<i64>) -> Cell {
    Cell::Int(n.into())
}

fn ids(links: &[Link]) -> Cell {
    Cell::List(links.iter().map(|l| l.id.clone()).collect())
}

/// A UI string of the theme (a status or body-type label), or the key when it is missing.
fn label(site: &Sources, lang: Lang, key: &str) -> Cell {
    let s = site
        .theme
        .strings
        .get(&lang)
        .and_then(|m| m.get(key))
        .map(String::as_str)
        .unwrap_or(key);
    text(s)
}

#[allow(clippy::too_many_arguments)]
fn dataset<'a, T>(
    id: &'static str,
    source: &'static str,
    section: String,
    title: Localized,
    description: Localized,
    columns: Columns<'a, T>,
    records: &[T],
) -> Dataset {
    Dataset {
        id,
        title,
        description,
        source,
        section,
        rows: records
            .iter()
            .map(|r| columns.list.iter().map(|c| (c.value)(r)).collect())
            .collect(),
        fields: columns.list.into_iter().map(|c| c.field).collect(),
    }
}

/// Every dataset whose data file the site has, in the order the `/data/` page lists them.
pub fn all(site: &Sources) -> Vec<Dataset> {
    let data = &site.data;
    let mut out = Vec::new();
    if data.indicators.is_some() {
        out.push(indicators(site));
        out.push(observations(site));
    }
    if data.tasks.is_some() && data.plan.is_some() {
        out.push(tasks(site));
    }
    if data.projects.is_some() {
        out.push(projects(site));
    }
    if data.firms.is_some() {
        out.push(firms(site));
    }
    if data.services.is_some() {
        out.push(services(site));
    }
    if data.agencies.is_some() {
        out.push(agencies(site));
    }
    out
}

fn indicators(site: &Sources) -> Dataset {
    let mut c = Columns::<IndicatorView>::new(site);
    c.col(
        "id",
        FieldType::Id,
        "指标标识，也是指标页面地址的一部分",
        "Identifier of the indicator, also part of its page address",
        |v| text(&v.id),
    );
    c.col(
        "number",
        FieldType::Integer,
        "指标在方案附件1中的序号",
        "Number of the indicator in Annex 1 of the plan",
        |v| int(v.number),
    );
    c.texts("name", "指标名称", "Name of the indicator", |v| {
        Some(&v.indicator.name)
    });
    c.texts("unit", "计量单位", "Unit of measurement", |v| {
        Some(&v.indicator.unit)
    });
    c.texts(
        "source",
        "方案列出的数据来源",
        "Data source the plan names",
        |v| Some(&v.indicator.source),
    );
    c.col(
        "direction",
        FieldType::Text,
        "哪个方向算改善：increase 表示数值越高越好，decrease 表示越低越好",
        "Which way is better: increase (higher is better) or decrease (lower is better)",
        |v| text(v.indicator.direction.key()),
    );
    c.col(
        "baseline_year",
        FieldType::Integer,
        "基数的年份",
        "Year of the baseline",
        |v| int(v.indicator.baseline.year),
    );
    c.col(
        "baseline_value",
        FieldType::Number,
        "基数，即方案给出的起点数值",
        "Baseline: the starting value the plan gives",
        |v| Cell::Num(v.indicator.baseline.value),
    );
    c.col(
        "target_year",
        FieldType::Integer,
        "目标年份",
        "Year by which the target should be reached",
        |v| int(v.indicator.target.year()),
    );
    c.col(
        "target_value",
        FieldType::Number,
        "目标值；目标为区间时为空",
        "Target value; empty when the target is a range",
        |v| match v.indicator.target {
            Target::Point { value, .. } => Cell::Num(value),
            Target::Range { .. } => Cell::Null,
        },
    );
    c.col(
        "target_min",
        FieldType::Number,
        "目标区间的下限；目标为单个数值时为空",
        "Lower end of a target range; empty for a single target value",
        |v| match v.indicator.target {
            Target::Range { min, .. } => Cell::Num(min),
            Target::Point { .. } => Cell::Null,
        },
    );
    c.col(
        "target_max",
        FieldType::Number,
        "目标区间的上限；目标为单个数值时为空",
        "Upper end of a target range; empty for a single target value",
        |v| match v.indicator.target {
            Target::Range { max, .. } => Cell::Num(max),
            Target::Point { .. } => Cell::Null,
        },
    );
    for (lang, zh, en) in [(Lang::Zh, "中文", "Chinese"), (Lang::En, "英文", "English")] {
        c.col(
            &format!("baseline_text_{}", lang.code()),
            FieldType::Text,
            &format!("基数连同单位，按网站页面的写法（{zh}）"),
            &format!("The baseline with its unit, as the site's pages write it, in {en}"),
            move |v| {
                let i = &v.indicator;
                text(&quantity::format_quantity(i.baseline.value, &i.unit, lang))
            },
        );
        c.col(
            &format!("target_text_{}", lang.code()),
            FieldType::Text,
            &format!("目标连同单位，按网站页面的写法（{zh}）"),
            &format!("The target with its unit, as the site's pages write it, in {en}"),
            move |v| {
                let i = &v.indicator;
                text(&match i.target {
                    Target::Point { value, .. } => quantity::format_quantity(value, &i.unit, lang),
                    Target::Range { min, max, .. } => {
                        quantity::format_range(min, max, &i.unit, lang)
                    }
                })
            },
        );
    }
    c.texts(
        "note",
        "阅读该指标数字时需要知道的说明；没有时为空",
        "What readers need to know when reading the indicator's figures; empty when there is none",
        |v| v.indicator.note.as_ref(),
    );
    c.col(
        "latest_year",
        FieldType::Integer,
        "基数年份之后最新公布数值的年份；尚无数据时为空",
        "Year of the latest value published after the baseline year; empty while there is none",
        |v| v.progress.latest.map_or(Cell::Null, |o| int(o.year)),
    );
    c.col(
        "latest_value",
        FieldType::Number,
        "基数年份之后最新公布的数值；尚无数据时为空",
        "Latest value published after the baseline year; empty while there is none",
        |v| v.progress.latest.map_or(Cell::Null, |o| Cell::Num(o.value)),
    );
    c.col(
            "progress_percent",
            FieldType::Number,
            "从基数到目标已完成的比例（0–100，保留两位小数，与指标页面一致）；尚无数据时为空",
            "Share of the way from baseline to target covered (0–100, two decimals, as on the indicator page); empty while there is no data",
            |v| {
                v.progress
                    .percent
                    .and_then(|p| format_number(p).parse::<f64>().ok())
                    .map_or(Cell::Null, Cell::Num)
            },
    );
    c.col(
            "status",
            FieldType::Text,
            "进展状态代码：achieved、on-track、moderate-progress、limited-progress、moving-away 或 no-data-since-baseline；计算方法见关键指标页面",
            "Progress status code: achieved, on-track, moderate-progress, limited-progress, moving-away or no-data-since-baseline; the method is explained on the key indicators page",
            |v| text(v.progress.status.key()),
    );
    c.col(
        "status_zh",
        FieldType::Text,
        "进展状态（中文，与页面显示相同）",
        "Progress status, in Chinese as the page shows it",
        move |v| {
            label(
                site,
                Lang::Zh,
                &format!("status_{}", v.progress.status.key()),
            )
        },
    );
    c.col(
        "status_en",
        FieldType::Text,
        "进展状态（英文，与页面显示相同）",
        "Progress status, in English as the page shows it",
        move |v| {
            label(
                site,
                Lang::En,
                &format!("status_{}", v.progress.status.key()),
            )
        },
    );
    c.col(
            "status_fixed",
            FieldType::Boolean,
            "状态是否由责任部门直接认定，而不是按数值计算",
            "Whether the status was set by the responsible department rather than computed from the numbers",
            |v| Cell::Bool(v.progress.fixed),
    );
    c.texts(
        "status_reason",
        "直接认定状态的理由；计算得出时为空",
        "Reason for a status that was set by hand; empty when it was computed",
        |v| v.indicator.status.fixed().map(|f| &f.reason),
    );
    c.col(
            "method",
            FieldType::Text,
            "得出状态的方法：cagr（复合年均增长率）、linear（线性年均变化）、target-met（已达到目标）、no-data（无数据）或 fixed（直接认定）",
            "How the status was worked out: cagr (compound annual growth rate), linear (straight-line yearly change), target-met, no-data or fixed (set by hand)",
            |v| text(v.progress.method.key()),
    );
    c.col(
        "next_release",
        FieldType::Text,
        "下次数据预计发布的时间（YYYY-MM 或 YYYY-MM-DD）；未注明时为空",
        "When the next figure is expected (YYYY-MM or YYYY-MM-DD); empty when not given",
        |v| match &v.next_release {
            Some(n) => text(&n.release.expected),
            None => Cell::Null,
        },
    );
    c.texts(
        "next_release_publication",
        "预计刊载下次数据的出版物",
        "The publication expected to carry the next figure",
        |v| v.next_release.as_ref().map(|n| &n.release.publication),
    );
    c.col(
        "next_release_overdue",
        FieldType::Boolean,
        "截至网站设定的日期（config.toml 的 [figures] as_of），预计的数据是否已逾期未发布；未注明发布时间时为空",
        "Whether the expected figure is overdue at the site's configured date ([figures] as_of in config.toml); empty when no release is expected",
        |v| match &v.next_release {
            Some(n) => Cell::Bool(n.overdue),
            None => Cell::Null,
        },
    );
    c.links(
        "tasks",
        "服务于该指标的任务（任务数据集的 id）",
        "Tasks that serve the indicator (ids of the tasks dataset)",
        |v| &v.tasks,
    );
    c.urls(|v| &v.path);
    dataset(
        EntityKind::Indicator.dataset(),
        EntityKind::Indicator.data_file(),
        EntityKind::Indicator.list_path(),
        words("关键指标", "Key indicators"),
        words(
            "方案附件1的12项关键指标：基数、目标、最新数值和计算得出的进展状态。",
            "The 12 key indicators of Annex 1: baseline, target, latest value and the computed progress status.",
        ),
        c,
        &site.views.indicators,
    )
}

/// One published value of one indicator (every entry, revisions included).
struct ObservationRow<'a> {
    indicator: &'a str,
    observation: &'a Observation,
    /// A later entry for the same year replaced it.
    superseded: bool,
    note: Option<&'a Localized>,
}

fn opt_text(s: &Option<String>) -> Cell {
    match s {
        Some(s) if !s.is_empty() => text(s),
        _ => Cell::Null,
    }
}

fn observations(site: &Sources) -> Dataset {
    let rows: Vec<ObservationRow> = site
        .views
        .indicators
        .iter()
        .flat_map(|v| {
            v.observations.iter().flat_map(|o| {
                o.previous
                    .iter()
                    .map(|p| (p, true))
                    .chain(std::iter::once((&o.current, false)))
                    .map(|(obs, superseded)| ObservationRow {
                        indicator: &v.id,
                        observation: obs,
                        superseded,
                        note: obs.note.as_ref(),
                    })
            })
        })
        .collect();
    let mut c = Columns::<ObservationRow>::new(site);
    c.col(
        "indicator",
        FieldType::Id,
        "数值所属的指标（关键指标数据集的 id）",
        "The indicator the value belongs to (id of the key indicators dataset)",
        |o| text(o.indicator),
    );
    c.col(
        "year",
        FieldType::Integer,
        "数值所属的年份",
        "Year the value refers to",
        |o| int(o.observation.year),
    );
    c.col(
        "value",
        FieldType::Number,
        "公布的数值，单位见该指标的 unit 字段",
        "Published value, in the unit of the indicator",
        |o| Cell::Num(o.observation.value),
    );
    c.col(
        "status",
        FieldType::Text,
        "数值的性质：preliminary（初步数）、final（最终数）或 revised（修订数）；未注明时为空",
        "How final the value is: preliminary, final or revised; empty when not given",
        |o| match o.observation.status {
            Some(s) => text(s.key()),
            None => Cell::Null,
        },
    );
    c.col(
        "superseded",
        FieldType::Boolean,
        "该数值是否已被同一年份后来公布的数值取代",
        "Whether a value published later for the same year replaced this one",
        |o| Cell::Bool(o.superseded),
    );
    c.col(
        "source",
        FieldType::Text,
        "刊载该数值的出版物名称；未注明时为空",
        "Title of the publication that carries the value; empty when not given",
        |o| opt_text(&o.observation.source),
    );
    c.col(
        "publisher",
        FieldType::Text,
        "发布机构；未注明时为空",
        "Who published the value; empty when not given",
        |o| opt_text(&o.observation.publisher),
    );
    c.col(
        "released",
        FieldType::Text,
        "发布日期（YYYY-MM-DD）；未注明时为空",
        "Release date (YYYY-MM-DD); empty when not given",
        |o| opt_text(&o.observation.released),
    );
    c.col(
        "url",
        FieldType::Url,
        "出版物的网址；未注明时为空",
        "Web address of the publication; empty when not given",
        |o| opt_text(&o.observation.url),
    );
    c.texts(
        "note",
        "关于该数值的说明，例如初步数；没有说明时为空",
        "Note on the value, such as that it is preliminary; empty when there is none",
        |o| o.note,
    );
    dataset(
        "indicator-observations",
        EntityKind::Indicator.data_file(),
        EntityKind::Indicator.list_path(),
        words("指标观测值", "Indicator observations"),
        words(
            "基数之后公布的各项关键指标数值，每行一个年份的一个数值。方案本身只给出基数和目标，因此在有新数值公布之前，本表只有表头。",
            "Values of the key indicators published after the baseline, one row per value and year. The plan itself gives only baselines and targets, so until a new value is published this table holds only its header.",
        ),
        c,
        &rows,
    )
}

fn tasks(site: &Sources) -> Dataset {
    let actions = &site.views.actions;
    let action = move |t: &TaskView| actions.iter().find(|a| a.id == t.action.id);
    let mut c = Columns::<TaskView>::new(site);
    c.col(
        "id",
        FieldType::Id,
        "任务标识，也是任务页面地址的一部分",
        "Identifier of the task, also part of its page address",
        |t| text(&t.id),
    );
    c.col(
        "number",
        FieldType::Integer,
        "任务在方案中的序号（1–15）",
        "Number of the task in the plan (1–15)",
        |t| int(t.number),
    );
    c.col(
        "action",
        FieldType::Id,
        "任务所属的重点行动",
        "The key action the task belongs to",
        |t| text(&t.action.id),
    );
    c.col(
        "action_number",
        FieldType::Integer,
        "所属重点行动的序号（1–5）",
        "Number of that key action (1–5)",
        move |t| action(t).map_or(Cell::Null, |a| int(a.number)),
    );
    c.col(
        "action_title_zh",
        FieldType::Text,
        "所属重点行动的名称（中文）",
        "Title of that key action, in Chinese",
        |t| text(&t.action.name.zh),
    );
    c.col(
        "action_title_en",
        FieldType::Text,
        "所属重点行动的名称（英文）",
        "Title of that key action, in English",
        |t| text(&t.action.name.en),
    );
    c.texts("title", "任务名称", "Title of the task", |t| {
        Some(&t.title)
    });
    c.texts(
        "summary",
        "任务内容概要",
        "Summary of the task",
        |t| Some(&t.summary),
    );
    c.links(
        "agencies",
        "附件2列出的实施单位（机构数据集的 id）",
        "Implementing bodies listed in Annex 2 (ids of the bodies dataset)",
        |t| &t.agencies,
    );
    c.links(
        "other_bodies",
        "任务正文提到参与的其他单位（机构数据集的 id）",
        "Other bodies the task's text names as taking part (ids of the bodies dataset)",
        |t| &t.other_bodies,
    );
    c.links(
        "firms",
        "任务提到的企业（企业数据集的 id）",
        "Firms the task names (ids of the firms dataset)",
        |t| &t.firms,
    );
    c.col(
        "places_zh",
        FieldType::TextList,
        "任务提到的平台、基地和场所（中文）",
        "Platforms, bases and places the task names, in Chinese",
        |t| Cell::List(t.places.iter().map(|p| p.zh.clone()).collect()),
    );
    c.col(
        "places_en",
        FieldType::TextList,
        "任务提到的平台、基地和场所（英文）",
        "Platforms, bases and places the task names, in English",
        |t| Cell::List(t.places.iter().map(|p| p.en.clone()).collect()),
    );
    c.links(
        "indicators",
        "与任务相关的关键指标（关键指标数据集的 id）",
        "Key indicators related to the task (ids of the key indicators dataset)",
        |t| &t.indicators,
    );
    c.links(
        "projects",
        "服务于该任务的重点项目（重点项目数据集的 id）",
        "Key projects that serve the task (ids of the key projects dataset)",
        |t| &t.projects,
    );
    c.urls(|t| &t.path);
    dataset(
        EntityKind::Task.dataset(),
        EntityKind::Task.data_file(),
        EntityKind::Task.list_path(),
        words("重点任务", "Key tasks"),
        words(
            "方案五大重点行动下的15项任务，包括实施单位和相关的企业、项目与指标。",
            "The 15 tasks under the plan's five key actions, with their implementing bodies and the firms, projects and indicators they relate to.",
        ),
        c,
        &site.views.tasks,
    )
}

fn projects(site: &Sources) -> Dataset {
    let mut c = Columns::<ProjectView>::new(site);
    c.col(
        "id",
        FieldType::Id,
        "项目标识，也是项目页面地址的一部分",
        "Identifier of the project, also part of its page address",
        |p| text(&p.id),
    );
    c.col(
        "number",
        FieldType::Integer,
        "项目在方案附件3中的序号",
        "Number of the project in Annex 3 of the plan",
        |p| int(p.number),
    );
    c.texts("title", "项目名称", "Title of the project", |p| {
        Some(&p.title)
    });
    c.texts(
        "summary",
        "项目内容概要",
        "Summary of the project",
        |p| Some(&p.summary),
    );
    c.links(
        "firms",
        "承担项目的企业（企业数据集的 id）",
        "Firms that carry out the project (ids of the firms dataset)",
        |p| &p.firms,
    );
    c.links(
        "agencies",
        "承担项目的单位和机构（机构数据集的 id）",
        "Public bodies and institutions that carry out the project (ids of the bodies dataset)",
        |p| &p.agencies,
    );
    c.col(
            "and_others",
            FieldType::Boolean,
            "方案列出的承担单位是否以“等”结尾，即名单不完整",
            "Whether the plan's list of implementers ends with 等 (\"and others\"), so the list is not complete",
            |p| Cell::Bool(p.and_others),
    );
    c.col(
        "period_start",
        FieldType::Integer,
        "实施期限的起始年份",
        "First year of the project's period",
        |p| int(p.period.start),
    );
    c.col(
        "period_end",
        FieldType::Integer,
        "实施期限的结束年份",
        "Last year of the project's period",
        |p| int(p.period.end),
    );
    c.links(
        "tasks",
        "项目服务的任务（任务数据集的 id）",
        "Tasks the project serves (ids of the tasks dataset)",
        |p| &p.tasks,
    );
    c.urls(|p| &p.path);
    dataset(
        EntityKind::Project.dataset(),
        EntityKind::Project.data_file(),
        EntityKind::Project.list_path(),
        words("重点项目", "Key projects"),
        words(
            "方案附件3的6个重点项目，包括承担单位和实施期限。",
            "The 6 key projects of Annex 3, with who carries them out and their period.",
        ),
        c,
        &site.views.projects,
    )
}

fn firms(site: &Sources) -> Dataset {
    let mut c = Columns::<FirmView>::new(site);
    c.col(
        "id",
        FieldType::Id,
        "企业标识，也是企业页面地址的一部分",
        "Identifier of the firm, also part of its page address",
        |f| text(&f.id),
    );
    c.texts("name", "企业全称", "Full name of the firm", |f| {
        Some(&f.name)
    });
    c.texts(
        "short_name",
        "方案中使用的简称",
        "Short name as the plan writes it",
        |f| Some(&f.short_name),
    );
    c.col(
            "key_firm",
            FieldType::Boolean,
            "是否列入方案附件4的重点培育企业清单；否则只是在方案正文或附件3中提到",
            "Whether the firm is on the Annex 4 list of key firms to cultivate; otherwise it is only named in the plan's text or Annex 3",
            |f| Cell::Bool(f.key_firm),
    );
    c.col(
        "annex_number",
        FieldType::Integer,
        "在附件4中的序号；不在附件4中时为空",
        "Row number in Annex 4; empty for firms not on that list",
        |f| f.annex_number.map_or(Cell::Null, int),
    );
    c.col(
        "sector",
        FieldType::Id,
        "附件4中的主营业务所属领域代码；不在附件4中时为空",
        "Code of the main business sector in Annex 4; empty for firms not on that list",
        |f| f.sector.as_ref().map_or(Cell::Null, |s| text(&s.id)),
    );
    c.texts(
        "sector",
        "主营业务所属领域",
        "Main business sector",
        |f| f.sector.as_ref().map(|s| &s.name),
    );
    c.col(
        "direction",
        FieldType::Id,
        "附件4中的重点培育方向代码；不在附件4中时为空",
        "Code of the cultivation focus in Annex 4; empty for firms not on that list",
        |f| f.direction.as_ref().map_or(Cell::Null, |s| text(&s.id)),
    );
    c.texts(
        "direction",
        "重点培育方向",
        "Cultivation focus",
        |f| f.direction.as_ref().map(|s| &s.name),
    );
    c.texts(
        "description",
        "方案对该企业的表述或期望",
        "What the plan says about or expects from the firm",
        |f| Some(&f.description),
    );
    c.links(
        "tasks",
        "提到该企业的任务（任务数据集的 id）",
        "Tasks that name the firm (ids of the tasks dataset)",
        |f| &f.tasks,
    );
    c.links(
        "projects",
        "该企业参与承担的重点项目（重点项目数据集的 id）",
        "Key projects the firm helps carry out (ids of the key projects dataset)",
        |f| &f.projects,
    );
    c.urls(|f| &f.path);
    dataset(
        EntityKind::Firm.dataset(),
        EntityKind::Firm.data_file(),
        EntityKind::Firm.list_path(),
        words("企业", "Firms"),
        words(
            "方案提到的企业：先列附件4的20家重点培育企业，再列正文和附件3提到的其他企业。",
            "Firms the plan names: first the 20 key firms to cultivate of Annex 4, then the other firms named in the text and in Annex 3.",
        ),
        c,
        &site.views.firms,
    )
}

fn services(site: &Sources) -> Dataset {
    let mut c = Columns::<ServiceView>::new(site);
    c.col(
        "id",
        FieldType::Id,
        "服务标识，也是服务页面地址的一部分",
        "Identifier of the service, also part of its page address",
        |s| text(&s.id),
    );
    c.col(
        "number",
        FieldType::Integer,
        "服务在方案附件5中的序号",
        "Number of the service in Annex 5 of the plan",
        |s| int(s.number),
    );
    c.col(
        "category",
        FieldType::Id,
        "服务类别代码",
        "Code of the service category",
        |s| text(&s.category.id),
    );
    c.texts("category", "服务类别", "Service category", |s| {
        Some(&s.category.name)
    });
    c.texts("title", "服务事项名称", "Name of the service", |s| {
        Some(&s.title)
    });
    c.links(
        "providers",
        "提供服务的单位（机构数据集的 id）",
        "Bodies that provide the service (ids of the bodies dataset)",
        |s| &s.providers,
    );
    c.texts(
        "description",
        "服务内容说明",
        "What the service offers",
        |s| Some(&s.description),
    );
    c.urls(|s| &s.path);
    dataset(
        EntityKind::Service.dataset(),
        EntityKind::Service.data_file(),
        EntityKind::Service.list_path(),
        words("服务", "Services"),
        words(
            "方案附件5的10项服务，包括类别、提供单位和服务内容。",
            "The 10 services of Annex 5, with their category, providers and what they offer.",
        ),
        c,
        &site.views.services,
    )
}

fn agencies(site: &Sources) -> Dataset {
    let mut c = Columns::<AgencyView>::new(site);
    c.col(
        "id",
        FieldType::Id,
        "机构标识，也是机构页面地址的一部分",
        "Identifier of the body, also part of its page address",
        |a| text(&a.id),
    );
    c.texts("name", "机构全称", "Full name of the body", |a| {
        Some(&a.name)
    });
    c.texts(
        "short_name",
        "方案中使用的简称",
        "Short name as the plan writes it",
        |a| Some(&a.short_name),
    );
    c.col(
        "kind",
        FieldType::Text,
        "机构类型代码，例如 district-department（区级部门）、town（街镇）、university（高校）",
        "Code of the type of body, e.g. district-department, town, university",
        |a| {
            let key = serde_json::to_value(a.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            Cell::Text(key)
        },
    );
    c.col(
        "kind_zh",
        FieldType::Text,
        "机构类型（中文）",
        "Type of body, in Chinese",
        move |a| kind_label(site, Lang::Zh, a),
    );
    c.col(
        "kind_en",
        FieldType::Text,
        "机构类型（英文）",
        "Type of body, in English",
        move |a| kind_label(site, Lang::En, a),
    );
    c.texts(
        "description",
        "方案对该机构的要求",
        "What the plan asks of the body",
        |a| Some(&a.description),
    );
    c.col(
        "issued_plan",
        FieldType::Boolean,
        "是否为方案的印发机关",
        "Whether the body issued the plan",
        |a| Cell::Bool(a.issues_plan),
    );
    c.links(
        "actions",
        "附件2将其列为实施单位的重点行动",
        "Key actions for which Annex 2 lists the body as an implementer",
        |a| &a.actions,
    );
    c.links(
        "tasks",
        "其负责实施的任务（任务数据集的 id）",
        "Tasks it implements (ids of the tasks dataset)",
        |a| &a.tasks,
    );
    c.links(
        "participates_in",
        "任务正文提到其参与的任务（任务数据集的 id）",
        "Tasks whose text names it as taking part (ids of the tasks dataset)",
        |a| &a.participates,
    );
    c.links(
        "projects",
        "其承担的重点项目（重点项目数据集的 id）",
        "Key projects it carries out (ids of the key projects dataset)",
        |a| &a.projects,
    );
    c.links(
        "services",
        "其提供的服务（服务数据集的 id）",
        "Services it provides (ids of the services dataset)",
        |a| &a.services,
    );
    c.urls(|a| &a.path);
    dataset(
        EntityKind::Agency.dataset(),
        EntityKind::Agency.data_file(),
        EntityKind::Agency.list_path(),
        words("机构和服务提供方", "Bodies and providers"),
        words(
            "方案提到的机构：印发机关、实施单位、服务提供方、数据来源单位和参与单位。",
            "The bodies the plan names: the issuer, implementing bodies, service providers, data sources and other participants.",
        ),
        c,
        &site.views.agencies,
    )
}

fn kind_label(site: &Sources, lang: Lang, a: &AgencyView) -> Cell {
    match serde_json::to_value(a.kind) {
        Ok(serde_json::Value::String(key)) => label(site, lang, &format!("kind_{key}")),
        _ => Cell::Null,
    }
}
