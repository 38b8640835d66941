{#- Tail probabilities behind the unfollow-wave evidence (int_purge_drop_events): how surprising
    a day's new follows are, and one p-value from two independent ones. -#}

{#- Phi(z), the standard normal distribution function: Abramowitz & Stegun 26.2.17 (absolute
    error under 7.5e-8). DuckDB has no erf. NULL when z is NULL. -#}
{% macro normal_cdf(z) -%}
    {%- set t = "(1 / (1 + 0.2316419 * abs(" ~ z ~ ")))" -%}
    {#- 1 - Phi(|z|): the density at z times a polynomial in t. -#}
    {%- set upper_tail -%}
        exp(-0.5 * ({{ z }}) * ({{ z }})) / sqrt(2 * pi())
        * {{ t }} * (0.319381530 + {{ t }} * (-0.356563782 + {{ t }} * (1.781477937
        + {{ t }} * (-1.821255978 + {{ t }} * 1.330274429))))
    {%- endset -%}
    case
        when ({{ z }}) >= 0 then 1 - {{ upper_tail }}
        when ({{ z }}) < 0 then {{ upper_tail }}
    end
{%- endmacro %}

{#- P(X <= observed) for X ~ Poisson(expected): 1 - P(X >= observed + 1) (poisson_upper_tail);
    NULL when expected is not positive. -#}
{% macro poisson_lower_tail(observed, expected) -%}
    (1 - {{ poisson_upper_tail('(' ~ observed ~ ') + 1', expected) }})
{%- endmacro %}

{#- Fisher's method for two independent p-values: -2 (ln p1 + ln p2) follows a chi-square law
    with 4 degrees of freedom when neither signal is there, whose upper tail at 2s is
    exp(-s) (1 + s): the combined p-value is p1 p2 (1 - ln(p1 p2)). 0 when either is 0, NULL
    when either is NULL. -#}
{% macro fisher_combined_p(p1, p2) -%}
    case
        when ({{ p1 }}) * ({{ p2 }}) > 0
            then least(({{ p1 }}) * ({{ p2 }}) * (1 - ln(({{ p1 }}) * ({{ p2 }}))), 1.0)
        when ({{ p1 }}) * ({{ p2 }}) = 0 then 0.0
    end
{%- endmacro %}
