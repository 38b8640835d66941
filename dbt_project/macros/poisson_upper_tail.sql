{#- P(X >= observed) for X ~ Poisson(expected): how surprising a count is given its expectation.
    1 - sum over i < observed of exp(-expected) expected^i / i!, each term through lgamma so that
    large counts do not overflow; 1 when observed <= 0, NULL when expected is not positive. -#}
{% macro poisson_upper_tail(observed, expected) -%}
    {{ return(adapter.dispatch('poisson_upper_tail', 'socialkpi')(observed, expected)) }}
{%- endmacro %}

{% macro default__poisson_upper_tail(observed, expected) -%}
    {{ exceptions.raise_compiler_error("poisson_upper_tail has no implementation for " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__poisson_upper_tail(observed, expected) -%}
    case
        when {{ expected }} > 0 then
            greatest(
                1 - coalesce(
                    list_sum(
                        list_transform(
                            range(cast(greatest({{ observed }}, 0) as bigint)),
                            lambda i: exp(-({{ expected }}) + i * ln({{ expected }}) - lgamma(i + 1))
                        )
                    ),
                    0
                ),
                0
            )
    end
{%- endmacro %}
