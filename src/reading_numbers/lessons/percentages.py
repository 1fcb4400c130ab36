"""Lesson 02, percentages and shares: the exercises, their hints, solutions and mistakes."""

from coursekit import (
    Exercise,
    Lesson,
    Mistake,
    avoids,
    complement,
    figure,
    fraction_for_percent,
    from_earlier,
    inverted,
    percent_change,
    percentage_points,
    ratio,
    share_percent,
    statement,
    states_number,
    teacher,
    used,
)
from reading_numbers.derived import company_share, rounding_verdict
from reading_numbers.vocabulary import VERDICTS

#: q9: words that say an answer is about the company's staff (its statement gate, its whole).
_STAFF_WORDS = ("employee", "staff", "worker", "workforce", "employ", "people")
#: q9: the share is said of this company's staff, not of a region's.
_COMPANY = (("405",), ("company",), ("firm",), ("Jiangguoguo",))
#: q9: the part is the minority staff.
_MINORITY = (("minority",), ("minorities",), ("Uyghur",), ("Uygur",), ("ethnic",))


def station_share() -> float:
    """Percent of the power station's employees who are local."""
    return share_percent(figure("station_local_employees"), figure("station_employees"))


LESSON = Lesson(
    id="02_percentages",
    title="Percentages and shares",
    exercises=(
        Exercise(
            id="q1",
            title="The company's share of Uyghur and other ethnic minority staff",
            answer="company_share",
            expected=company_share,
            tolerance=0.05,
            unit="percent",
            hints=(
                "A share is part / whole. Which count is the part and which is the whole?",
                "The part is company_employees_ethnic, the whole is company_employees.",
                "Multiply the fraction by 100 to get percent, or use "
                "ck.share_percent(part, whole).",
            ),
            solution="company_share = ck.share_percent(ck.figure('company_employees_ethnic'), "
                     "ck.figure('company_employees'))  # 360 / 405 x 100 = 88.9 percent",
            mistakes=(
                fraction_for_percent(),
                complement(),
                used(lambda: share_percent(figure("company_employees"),
                                           figure("company_employees_ethnic")),
                     "You divided the whole by the part, so the result is above 100 percent. "
                     "A share of a group can never exceed 100."),
                used(lambda: figure("company_ethnic_share"),
                     "That is the article's rounded figure. Compute the share from the two counts "
                     "instead of copying it."),
            ),
        ),
        Exercise(
            id="q2",
            title="Rounding audit: the stated 90 percent",
            answer="rounding_gap",
            expected=from_earlier(lambda q1: percentage_points(figure("company_ethnic_share"), q1),
                                  q1=company_share),
            tolerance=0.05,
            unit="percentage points",
            hints=(
                "Compare two percentages: the one the article states and the one you computed.",
                "A difference between two percentages is measured in percentage points: "
                "stated minus exact.",
                "Use ck.percentage_points(stated, exact) with stated = ck.figure('company_ethnic_"
                "share').",
            ),
            solution="rounding_gap = ck.percentage_points(ck.figure('company_ethnic_share'), "
                     "company_share)  # 90 - 88.9 = 1.1 percentage points",
            mistakes=(
                used(lambda: percent_change(company_share(), figure("company_ethnic_share")),
                     "That is the relative difference (how many percent larger 90 is than 88.9). "
                     "The question asks for the gap in percentage points: a plain subtraction."),
                fraction_for_percent(),
            ),
        ),
        Exercise(
            id="q3",
            title="A verdict on the stated 90 percent",
            answer="verdict_90",
            kind="choice",
            choices=VERDICTS,
            expected=from_earlier(lambda q1: rounding_verdict(figure("company_ethnic_share"), q1),
                                  credit=0.5, q1=company_share),
            hints=(
                "Compare the stated 90 with your 88.9. Could one become the other by rounding?",
                "88.9 rounded to the nearest 10 is 90, but to the nearest whole number it is 89.",
            ),
            solution="verdict_90 = 'rounded': the counts give 88.9 percent; 90 is that share "
                     "rounded to the nearest ten. It agrees with the counts, but it is not exact.",
            mistakes=(
                Mistake("inconsistent", "The two numbers do agree once you allow for rounding: "
                        "88.9 rounds to 90 at the nearest ten. Inconsistent would mean they "
                        "cannot both be true."),
                Mistake("consistent", "Close, but more precise is possible: 90 is not the exact "
                        "share, it is a rounded one. Say so."),
                Mistake("unverifiable", "It can be checked: the article gives both counts, "
                        "360 and 405."),
                Mistake("implausible", "Nothing here breaks a physical or logical limit; the "
                        "share is below 100 percent and matches the counts after rounding."),
            ),
        ),
        Exercise(
            id="q4",
            title="Faculty members from Hubei",
            answer="hubei_share",
            expected=lambda: share_percent(figure("college_faculty_from_hubei"),
                                           figure("college_faculty")),
            tolerance=0.05,
            unit="percent",
            hints=(
                "Which group is the whole here: all students, or all faculty members?",
                "The whole is college_faculty; the part is college_faculty_from_hubei.",
            ),
            solution="hubei_share = ck.share_percent(ck.figure('college_faculty_from_hubei'), "
                     "ck.figure('college_faculty'))  # 21 / 639 x 100 = 3.3 percent",
            mistakes=(
                fraction_for_percent(),
                complement(),
                used(lambda: share_percent(figure("college_faculty_from_hubei"),
                                           figure("college_students")),
                     "You divided by the number of students. The 21 teachers are part of the "
                     "faculty, so the faculty is the whole."),
                used(lambda: share_percent(figure("college_faculty_from_hubei"),
                                           figure("hubei_teachers_sent")),
                     "You divided by the 335 teachers sent since 2005. That is a share of all the "
                     "teachers ever sent, not of today's faculty."),
                used(lambda: share_percent(figure("college_faculty_from_hubei"),
                                           figure("college_students") + figure("college_faculty")),
                     "You divided by everyone at the college, students and faculty together. The "
                     "question asks about the faculty only, so the faculty is the whole."),
            ),
        ),
        Exercise(
            id="q5",
            title="Shareholders among the farmers",
            answer="shareholder_share",
            expected=lambda: share_percent(figure("company_shareholder_farmers"),
                                           figure("company_farmers_income_increased")),
            tolerance=0.005,
            unit="percent",
            hints=(
                "The part is the farmers who became shareholders; the whole is the farmers whose "
                "income rose.",
                "The result is well under 1 percent: keep two decimals.",
            ),
            solution="shareholder_share = "
                     "ck.share_percent(ck.figure('company_shareholder_farmers'), "
                     "ck.figure('company_farmers_income_increased'))  # 146 / 50,000 x 100 = 0.29 "
                     "percent. This assumes the 146 are among the 50,000, which the article "
                     "does not say.",
            mistakes=(
                fraction_for_percent(),
                used(lambda: share_percent(figure("company_shareholder_farmers"),
                                           figure("company_employees")),
                     "You divided by the company's staff. The shareholders in question are "
                     "farmers, so the whole is the farmers the company works with."),
                used(lambda: ratio(figure("company_farmers_income_increased"),
                                   figure("company_shareholder_farmers")),
                     "Part and whole are swapped: that is the farmers whose income rose divided "
                     "by the shareholders, farmers per shareholder rather than a percentage. A "
                     "share is the part (the shareholders) divided by the whole."),
                used(lambda: share_percent(figure("company_farmers_income_increased"),
                                           figure("company_shareholder_farmers")),
                     "Part and whole are swapped, so the 'share' is far above 100 percent. "
                     "Divide the shareholders (the part) by the farmers (the whole)."),
            ),
        ),
        Exercise(
            id="q6",
            title="Local employees at the power station",
            answer="station_share",
            expected=station_share,
            tolerance=0.05,
            unit="percent",
            hints=(
                "Same method as q1, with the power station's two counts.",
                "The part is station_local_employees, the whole is station_employees.",
            ),
            solution="station_share = ck.share_percent(ck.figure('station_local_employees'), "
                     "ck.figure('station_employees'))  # 2 / 9 x 100 = 22.2 percent",
            mistakes=(
                fraction_for_percent(),
                complement(),
                used(lambda: share_percent(figure("station_employees"),
                                           figure("station_local_employees")),
                     "You divided the whole by the part: a share of a group can never exceed "
                     "100 percent."),
            ),
        ),
        Exercise(
            id="q7",
            title="Comparing two shares: points, not percent",
            answer="share_gap",
            expected=from_earlier(percentage_points, q1=company_share, q6=station_share),
            tolerance=0.1,
            unit="percentage points",
            hints=(
                "You have two percentages: the company's share (q1) and the station's share (q6). "
                "They measure different things, but the arithmetic of a gap is the same.",
                "The gap between two percentages is their difference, in percentage points.",
                "Use ck.percentage_points(company_share, station_share).",
            ),
            solution="share_gap = ck.percentage_points(company_share, station_share)"
                     "  # 88.9 - 22.2 = 66.7 percentage points. The subtraction is right, but "
                     "the two shares count different things (ethnicity at the company, living "
                     "locally at the station), so the gap compares no single quality.",
            mistakes=(
                used(lambda: percent_change(station_share(), company_share()),
                     "That is the relative difference: the company's share is 300 percent larger "
                     "than the station's. The question asks for the gap in percentage points."),
                used(lambda: company_share() / station_share(),
                     "That is how many times larger one share is than the other (a multiple). "
                     "The gap in percentage points is a subtraction."),
            ),
        ),
        Exercise(
            id="q8",
            title="Students per faculty member",
            answer="students_per_teacher",
            expected=lambda: ratio(figure("college_students"), figure("college_faculty")),
            tolerance=0.05,
            unit="students per faculty member",
            hints=(
                "'Students per faculty member' means: for each faculty member, how many students?",
                "Divide the number of students by the number of faculty members. This is a ratio, "
                "not a percentage: do not multiply by 100.",
            ),
            solution="students_per_teacher = ck.ratio(ck.figure('college_students'), "
                     "ck.figure('college_faculty'))  # 15,010 / 639 = 23.5",
            mistakes=(
                inverted("faculty members per student"),
                used(lambda: share_percent(figure("college_faculty"), figure("college_students")),
                     "That is the faculty as a percentage of the students. The question asks how "
                     "many students there are for each faculty member."),
                used(lambda: ratio(figure("college_students"),
                                   figure("college_faculty_from_hubei")),
                     "You divided by the 21 teachers from Hubei only. Use the whole faculty."),
                Mistake(lambda e: e * 100, "A ratio is not a percentage: do not multiply by 100."),
            ),
        ),
        Exercise(
            id="q9",
            title="In words: what the company's share says",
            answer="share_in_words",
            kind="written",
            points=3,
            hints=(
                "One or two sentences: the share in percent, the part and the whole, each as a "
                "count.",
                "Write it as '... percent of the company's ... employees (... people) are ...': "
                "the whole is all 405 employees of the company, the part the 360 minority staff.",
                "Then say whom the share does not describe: who is outside that whole?",
            ),
            solution="See the model answer in the solution notebook: the share in percent, the "
                     "part and the whole it is taken of, and that it describes this one company's "
                     "staff only.",
            rubric=(
                statement((*_STAFF_WORDS, "company", "firm", "minority", "minorities"),
                          "the company's staff"),
                states_number(company_share, 0.05, "the share in percent", of=_COMPANY,
                              rounded_to=1),
                states_number(lambda: figure("company_employees_ethnic"), 0.5, "the part (the "
                              "360 minority staff)", points=0.5, of=_MINORITY),
                states_number(lambda: figure("company_employees"), 0.5, "the whole (all 405 "
                              "employees)", points=0.5, of=_STAFF_WORDS),
                avoids(("percentage point",), "a share is a percent of a whole; percentage "
                       "points measure the gap between two percentages"),
                teacher("says what the share does not describe: this company's staff only, not "
                        "the people of the county or the region", 1,
                        "1: says the whole is this company's staff and the share cannot be "
                        "carried over to the county or region; 0.5: only 'of the company'; 0: "
                        "neither, or carries it over"),
            ),
        ),
    ),
)
